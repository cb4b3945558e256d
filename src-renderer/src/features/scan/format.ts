// How the scan dialog writes sizes and places: a folder's size as a person reads it, and a path from
// the folder the user chose.

/** Bytes as a person reads a folder's size: "3 KB", "0.4 MB", "12 MB", "1.3 GB". */
export function formatSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb < 0.1) return `${Math.ceil(bytes / 1024).toLocaleString('en')} KB`;
  if (mb >= 1024) return `${(mb / 1024).toFixed(1)} GB`;
  return `${mb >= 10 ? Math.round(mb).toLocaleString('en') : mb.toFixed(1)} MB`;
}

/**
 * SECURITY: a file name with a newline, an escape or a bidi override (U+202E) could fake or reorder
 * what a place reads; such characters are shown escaped JSON-style (`\n`, `\u202e`), as the CLI does.
 */
export function visibleName(s: string): string {
  return s.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g,
    (c) =>
      c === '\n'
        ? '\\n'
        : c === '\t'
          ? '\\t'
          : c === '\r'
            ? '\\r'
            : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A path under the scanned folder is shown from it ("config/.env"); any other stays whole. Escaped. */
export function shownPath(path: string, folder: string | null): string {
  if (!folder) return visibleName(path);
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  const root = folder.endsWith(sep) ? folder : `${folder}${sep}`;
  return visibleName(path.startsWith(root) ? path.slice(root.length) : path);
}
