// Reads `git diff -U0` / `git log -p -U0` output line by line and yields the ADDED lines with their file
// path, new line number and commit. The path comes from a `+++ b/...` header line before the
// first `@@` of a file section, or, for a section with no such line (an empty file added, a mode
// changed), from its `diff --git a/P b/P` line (renames are off: both sides name one path); inside a hunk, an added line whose text starts with `++ ` reads
// `+++ ...` and is content, never a header. A merge commit's combined diff (`--cc`: `diff --cc`,
// `@@@ ... @@@`, one prefix column per parent) yields the lines added against every parent: the ones
// written while merging (a conflict's resolution), not those brought in from a parent.

export type AddedLine = { commit: string | null; path: string; line: number; text: string };
export type SectionEvent = { commit: string | null; path: string; binary: boolean };

/** Commit lines are printed by `--format=%x01%H`: a byte no diff line starts with. */
export const COMMIT_MARK = '\u0001';

function unquote(p: string): string {
  if (!p.startsWith('"')) return p;
  try {
    return JSON.parse(p.replace(/\\([0-7]{3})/g, (_m, o: string) => `\\u00${parseInt(o, 8).toString(16)}`)) as string;
  } catch {
    return p.slice(1, -1);
  }
}

/** The path of `diff --git a/P b/P` (unquoted, or both sides quoted); null if the two sides differ. */
function pathOfDiffGit(rest: string): string | null {
  if ((rest.length - 1) % 2 !== 0) return null;
  const h = (rest.length - 1) / 2;
  const left = rest.slice(0, h);
  const right = rest.slice(h + 1);
  if (rest[h] !== ' ') return null;
  if (left.startsWith('a/') && right.startsWith('b/') && left.slice(2) === right.slice(2)) return right.slice(2);
  if (left.startsWith('"a/') && right.startsWith('"b/') && left.slice(3) === right.slice(3))
    return unquote(`"${right.slice(3)}`);
  return null;
}

export type DiffEvents = {
  added: (a: AddedLine) => void;
  section: (s: SectionEvent) => void;
  /** Each commit of `git log`, whether or not it changed a line. */
  commit?: (hash: string) => void;
};

export function createDiffReader(on: DiffEvents) {
  let commit: string | null = null;
  let inHeader = false;
  let inHunk = false;
  /** Parents of the hunk's diff: 1, or more in a merge's combined diff. */
  let parents = 1;
  let path: string | null = null;
  let next = 0;
  let binary = false;
  let announced = false;
  const announce = () => {
    if (!announced && path !== null) on.section({ commit, path, binary });
    announced = true;
  };
  const endSection = () => {
    if (inHeader && path !== null) announce();
  };
  return {
    line(raw: string): void {
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (inHunk && parents > 1) {
        const cols = text.slice(0, parents);
        if (cols.length === parents && /^[ +-]+$/.test(cols)) {
          if (cols.includes('-')) return; // a parent's line the result does not have
          if (!cols.includes(' ') && path !== null) on.added({ commit, path, line: next, text: text.slice(parents) });
          next++;
          return;
        }
        if (text.startsWith('\\')) return;
        inHunk = false;
      }
      if (inHunk) {
        if (text.startsWith('+')) {
          if (path !== null) on.added({ commit, path, line: next, text: text.slice(1) });
          next++;
          return;
        }
        if (text.startsWith('-') || text.startsWith('\\')) return;
        if (text.startsWith(' ')) {
          next++;
          return;
        }
        inHunk = false;
      }
      if (text.startsWith(COMMIT_MARK)) {
        endSection();
        commit = text.slice(1).trim();
        inHeader = false;
        on.commit?.(commit);
        return;
      }
      if (text.startsWith('diff --git ') || text.startsWith('diff --cc ') || text.startsWith('diff --combined ')) {
        endSection();
        inHeader = true;
        path = text.startsWith('diff --git ') ? pathOfDiffGit(text.slice('diff --git '.length)) : null;
        binary = false;
        announced = false;
        return;
      }
      if (text.startsWith('@@')) {
        // `@@ -a +b @@`, or `@@@ -a -b +c @@@` for two parents: the last range is the result's.
        const m = /^(@@+) (?:-\d+(?:,\d+)? )+\+(\d+)(?:,\d+)? \1/.exec(text);
        if (!m) return;
        if (inHeader) announce();
        inHeader = false;
        inHunk = true;
        parents = (m[1] as string).length - 1;
        next = Number(m[2]);
        return;
      }
      if (!inHeader) return;
      if (text.startsWith('deleted file mode ')) path = null;
      else if (text.startsWith('+++ ')) {
        // git ends a path holding a space with a tab on this line.
        const p = text.slice(4).replace(/\t$/, '');
        path = p === '/dev/null' ? null : unquote(p).replace(/^b\//, '');
      } else if (text.startsWith('Binary files ')) {
        binary = true;
        const m = / and (?:"?b\/)(.*?)"? differ$/.exec(text);
        if (path === null && m) path = unquote(m[1] as string);
      }
    },
    end(): void {
      endSection();
    },
  };
}
