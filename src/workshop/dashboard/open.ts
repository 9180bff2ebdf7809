/**
 * Opening the dashboard in the trainer's browser, when there is one to open: macOS `open`, Windows `start`
 * (through cmd, which owns it), elsewhere `xdg-open` only with a display (DISPLAY or WAYLAND_DISPLAY; over
 * SSH or in CI there is none). Started detached and not waited for; if it fails, the URL is printed anyway.
 */
import { runTool } from '../../kube/tool.js';

export function opener(url: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): { file: string; args: string[] } | undefined {
  if (platform === 'darwin') return { file: 'open', args: [url] };
  if (platform === 'win32') return { file: 'cmd', args: ['/c', 'start', '""', url] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  return { file: 'xdg-open', args: [url] };
}

/** True when a browser was asked to open it. */
export async function openBrowser(url: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  const o = opener(url, platform, env);
  if (!o) return false;
  const r = await runTool(o.file, o.args, { env, detached: true });
  return !r.missing;
}
