/**
 * Go's text/tabwriter (the algorithm, not the code): cells end with a tab; a column is aligned over the
 * consecutive lines that have a cell in it. kubectl describe writes through one with padding 2.
 */
export function tabwrite(text: string, padding = 2, minwidth = 0): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const widths: number[] = [];
  const out: string[] = [];
  const emit = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i];
      let s = '';
      for (let j = 0; j < cells.length; j++) {
        const last = j === cells.length - 1;
        s += last || j >= widths.length ? cells[j] : cells[j].padEnd(widths[j]);
        if (!last && j >= widths.length) s += '';
      }
      out[i] = s;
    }
  };
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= lines[t].length - 1) continue;
      emit(line0, t);
      line0 = t;
      let width = minwidth;
      for (; t < line1; t++) {
        if (column >= lines[t].length - 1) break;
        width = Math.max(width, lines[t][column].length + padding);
      }
      widths.push(width);
      format(line0, t);
      widths.pop();
      line0 = t;
      t--;
    }
    emit(line0, line1);
  };
  format(0, lines.length);
  return out.join('\n');
}
