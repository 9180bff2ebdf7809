/** The course progress bar, rustlings style: `[█████░░░░░░░░] 3/9`. */
import type { Style } from './style.js';

export function progressBar(done: number, total: number, cols: number, style: Style): string {
  const label = ` ${done}/${total}`;
  const inner = Math.max(5, cols - label.length - 2);
  const filled = total > 0 ? Math.round((done / total) * inner) : 0;
  const bar = style.green('█'.repeat(filled)) + style.dim('░'.repeat(inner - filled));
  return `[${bar}]${label}`;
}
