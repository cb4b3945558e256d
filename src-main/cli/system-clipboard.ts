// The system clipboard through whichever command-line tool is present: wl-copy, xclip,
// xsel, pbcopy or clip.exe. SECURITY: the value goes to the tool on stdin, never in argv.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

type Cmd = readonly [string, ...string[]];
export type ClipboardTool = { name: string; copy: Cmd; paste: Cmd | null; clear: Cmd | null };

const TOOLS: readonly ClipboardTool[] = [
  { name: 'wl-copy', copy: ['wl-copy'], paste: ['wl-paste', '--no-newline'], clear: ['wl-copy', '--clear'] },
  {
    name: 'xclip',
    copy: ['xclip', '-selection', 'clipboard', '-in'],
    paste: ['xclip', '-selection', 'clipboard', '-out'],
    clear: null,
  },
  {
    name: 'xsel',
    copy: ['xsel', '--clipboard', '--input'],
    paste: ['xsel', '--clipboard', '--output'],
    clear: ['xsel', '--clipboard', '--clear'],
  },
  { name: 'pbcopy', copy: ['pbcopy'], paste: ['pbpaste'], clear: null },
  {
    name: 'clip.exe',
    copy: ['clip.exe'],
    paste: ['powershell.exe', '-NoProfile', '-Command', 'Get-Clipboard -Raw'],
    clear: null,
  },
];

export function onPath(cmd: string, path: string | undefined): string | null {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '' || !isAbsolute(dir)) continue;
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return join(dir, cmd);
    } catch {
      // not in this folder
    }
  }
  return null;
}

/** The first tool present that suits the session: Wayland first when it runs, X11 tools need a display. */
export function findClipboardTool(env: NodeJS.ProcessEnv): ClipboardTool | null {
  const usable = (t: ClipboardTool) => {
    if ((t.name === 'xclip' || t.name === 'xsel') && !env.DISPLAY) return false;
    if (t.name === 'wl-copy' && !env.WAYLAND_DISPLAY) return false;
    return onPath(t.copy[0], env.PATH) !== null;
  };
  return TOOLS.find(usable) ?? null;
}

/**
 * Runs a tool with `input` on stdin. Waits for its exit, not for its output to close:
 * xclip and wl-copy leave a child behind that serves the clipboard.
 */
function runTool(
  cmd: Cmd,
  env: NodeJS.ProcessEnv,
  input: string | null,
): Promise<{ code: number | null; out: string }> {
  // Only a paste (no input) reads the tool's output; a copy's stdout is not inherited by the
  // child it leaves serving the clipboard, which would keep Keyward waiting on the pipe.
  const stdio = input === null ? (['ignore', 'pipe', 'ignore'] as const) : (['pipe', 'ignore', 'ignore'] as const);
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { env, stdio: [...stdio] });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (d: Buffer) => chunks.push(d));
    child.on('error', () => resolve({ code: null, out: '' }));
    child.on('close', (code) => resolve({ code, out: Buffer.concat(chunks).toString('utf8') }));
    child.stdin?.on('error', () => undefined).end(input ?? '');
  });
}

export const copyTo = async (t: ClipboardTool, env: NodeJS.ProcessEnv, text: string) =>
  (await runTool(t.copy, env, text)).code === 0;

/** What the clipboard holds now, or null when it cannot be read (empty, or no paste tool). */
export async function pasteFrom(t: ClipboardTool, env: NodeJS.ProcessEnv): Promise<string | null> {
  if (t.paste === null) return null;
  const r = await runTool(t.paste, env, null);
  if (r.code !== 0) return null;
  return t.name === 'clip.exe' ? r.out.replace(/\r?\n$/, '') : r.out; // Get-Clipboard adds a line end
}

export async function clearClipboard(t: ClipboardTool, env: NodeJS.ProcessEnv): Promise<boolean> {
  return (await runTool(t.clear ?? t.copy, env, t.clear === null ? '' : null)).code === 0;
}
