import { allowedMediaType } from './allowed-types';
import { EvidenceFiles } from './evidence-files';
import { LIMITS } from '../domain/limits';

export interface EvidenceFileFields {
  fileHash: string;
  fileName: string;
  fileSize: number;
  mediaType: string;
}

/**
 * The one way an uploaded file becomes evidence, for the API and the web form
 * alike: its type judged by its bytes, the file kept under its SHA-256, the
 * submission given the file's hash, name, size and type — and the file removed
 * again if the submission is refused, so nothing is kept that nothing refers to.
 *
 * All of it holds the hash, so an erasure of another item with the same bytes in
 * this process waits until the submission is in the log (and then sees it), or
 * has finished (and then this upload writes the file afresh). Once the submission
 * is recorded the file is looked for once more: an erasure in another process that
 * read the log just before it may have removed it, and these bytes put it back.
 */
export async function storeAndSubmit<T>(files: EvidenceFiles, file: { bytes: Buffer; name: string }, submit: (fields: EvidenceFileFields) => Promise<T>): Promise<T> {
  const mediaType = allowedMediaType(file.bytes, file.name);
  return files.hold(EvidenceFiles.hashOf(file.bytes), async () => {
    const stored = await files.put(file.bytes);
    let submitted: T;
    try {
      submitted = await submit({ fileHash: stored.sha256, fileName: file.name.slice(0, LIMITS.fileName), fileSize: stored.size, mediaType });
    } catch (error) {
      // Created by this upload under the hash's lock: no upload here found it, so no recorded upload rests on it.
      if (stored.created) await files.remove(stored.sha256);
      throw error;
    }
    if (!(await files.has(stored.sha256))) await files.put(file.bytes);
    return submitted;
  });
}
