import { contentTypeOf, extensionFor, extensionOf } from './allowed-types';

/** The few header calls a download needs (Express's Response has them), so this file needs no web framework. */
interface HeaderTarget {
  setHeader(name: string, value: string): unknown;
}

/**
 * The headers of an evidence file sent to a browser, by the API and the pages alike:
 * its type found from its bytes (never trusted from the upload or guessed by the
 * browser: `nosniff`), always as an attachment so nothing uploaded is ever shown
 * in the service's own origin, and named as uploaded, made safe for a header and a
 * file system (`attachmentHeader`). A name with no extension gets its type's, so
 * the downloaded file opens in the right program.
 */
export function setEvidenceDownloadHeaders(
  response: HeaderTarget,
  file: { sha256: string; size: number; bytes?: Buffer },
  recorded: { fileName?: string; mediaType?: string },
  attachmentHeader: (name: string) => string,
): void {
  // Over the in-memory limit the bytes come as a stream: the type found from the bytes when uploaded stands.
  const mediaType = file.bytes ? contentTypeOf(file.bytes, recorded.fileName ?? '') : (recorded.mediaType ?? 'application/octet-stream');
  const name = recorded.fileName?.trim() || file.sha256;
  const extension = extensionFor(mediaType);
  const named = extensionOf(name) === undefined && extension ? `${name}.${extension}` : name;
  response.setHeader('Content-Type', mediaType);
  response.setHeader('Content-Disposition', attachmentHeader(named));
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Content-SHA256', file.sha256);
  response.setHeader('Content-Length', String(file.size));
}
