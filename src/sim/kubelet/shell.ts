/**
 * The parts of a POSIX shell (dash, the /bin/sh of the Debian-based emqx/emqx image) that `sh -c` scripts
 * given to `kubectl exec` lean on: words with quotes and parameter expansion done the way the shell does it
 * (after quote removal a value is never re-parsed, so a password with quotes or spaces stays one word when
 * quoted), and the `read` builtin taking a line of the exec's standard input.
 */

/** The exec's standard input (`kubectl exec -i`), consumed as builtins read it. */
export interface Stdin {
  text: string;
  pos: number;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Split one simple command into words: '…' literal, "…" with $NAME / ${NAME} expanded and \ escaping " $ \,
 * unquoted expansions split on blanks (IFS's default) and dropped when empty.
 */
export function expandWords(s: string, lookup: (name: string) => string | undefined): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  const end = () => {
    if (has) out.push(cur);
    cur = '';
    has = false;
  };
  // `$NAME` or `${NAME}` at i: the name and where the expansion ends, or undefined for a literal `$`.
  const param = (i: number): { value: string; next: number } | undefined => {
    const braced = s[i + 1] === '{';
    const m = NAME.exec(s.slice(i + (braced ? 2 : 1)));
    if (!m) return undefined;
    if (braced && s[i + 2 + m[0].length] !== '}') return undefined;
    return { value: lookup(m[0]) ?? '', next: i + (braced ? 3 : 1) + m[0].length };
  };
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch === "'") {
      const close = s.indexOf("'", i + 1);
      const stop = close < 0 ? s.length : close;
      cur += s.slice(i + 1, stop);
      has = true;
      i = stop + 1;
    } else if (ch === '"') {
      has = true;
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && '"$\\`'.includes(s[i + 1] ?? '')) {
          cur += s[i + 1];
          i += 2;
        } else if (s[i] === '$' && param(i)) {
          const p = param(i)!;
          cur += p.value;
          i = p.next;
        } else cur += s[i++];
      }
      i++;
    } else if (ch === '\\' && i + 1 < s.length) {
      cur += s[i + 1];
      has = true;
      i += 2;
    } else if (ch === '$' && param(i)) {
      const p = param(i)!;
      const fields = p.value.split(/[ \t\n]+/);
      fields.forEach((f, k) => {
        if (k > 0) end();
        if (f) {
          cur += f;
          has = true;
        }
      });
      i = p.next;
    } else if (/\s/.test(ch)) {
      end();
      i++;
    } else {
      cur += ch;
      has = true;
      i++;
    }
  }
  end();
  return out;
}

/**
 * The `read [-r] NAME...` builtin: one line of stdin, split on blanks over the names (the last one takes the
 * rest), backslashes removed unless -r. Exit 1 when input ends before a newline (the names are still set, as
 * dash sets them): `printf secret | sh -c 'read p && …'` runs nothing, so a lab's stdin ends with "\n".
 */
export function readBuiltin(args: string[], stdin: Stdin, set: (name: string, value: string) => void): { code: number; stderr: string } {
  const raw = args[0] === '-r';
  const names = raw ? args.slice(1) : args;
  if (!names.length) return { code: 2, stderr: 'sh: 1: read: arg count\n' };
  const bad = names.find((n) => !new RegExp(`${NAME.source}$`).test(n));
  if (bad) return { code: 2, stderr: `sh: 1: read: ${bad}: bad variable name\n` };
  const nl = stdin.text.indexOf('\n', stdin.pos);
  const line = stdin.text.slice(stdin.pos, nl < 0 ? stdin.text.length : nl);
  stdin.pos = nl < 0 ? stdin.text.length : nl + 1;
  const text = raw ? line : line.replace(/\\(.)/g, '$1');
  let rest = text.replace(/^[ \t]+/, '');
  names.forEach((n, k) => {
    if (k === names.length - 1) {
      set(n, rest.replace(/[ \t]+$/, ''));
      return;
    }
    const m = /^([^ \t]*)[ \t]*/.exec(rest)!;
    set(n, m[1]);
    rest = rest.slice(m[0].length);
  });
  return { code: nl < 0 ? 1 : 0, stderr: '' };
}
