// How the scan dialog writes sizes and places: a folder's size as a person reads it, and a path from
// the folder the user chose.

/** Bytes as a person reads a folder's size: "3 KB", "0.4 MB", "12 MB", "1.3 GB". */
export function formatSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb < 0.1) return `${Math.ceil(bytes / 1024).toLocaleString('en')} KB`;
  if (mb >= 1024) return `${(mb / 1024).toFixed(1)} GB`;
  return `${mb >= 10 ? Math.round(mb).toLocaleString('en') : mb.toFixed(1)} MB`;
}

/** A path under the scanned folder is shown from it ("config/.env"); any other stays whole. */
export function shownPath(path: string, folder: string | null): string {
  if (!folder) return path;
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  const root = folder.endsWith(sep) ? folder : `${folder}${sep}`;
  return path.startsWith(root) ? path.slice(root.length) : path;
}
