/**
 * The Content-Disposition of every download (RFC 6266). A file name often carries
 * what a caller typed (a plan id, ?plan=), so it is never copied in raw: a CR or LF
 * would make Node refuse the header (a 500), a `"` or `;` would end the parameter early.
 * Browsers that read `filename*` get the name exactly, in UTF-8 (RFC 8187); older
 * ones get the ASCII `filename` with anything unsafe replaced by `_`.
 */
export function attachmentHeader(fileName: string): string {
  const name = fileName.replace(/[\u0000-\u001f\u007f]/g, '').replace(/[\\/]/g, '_').trim() || 'download';
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
