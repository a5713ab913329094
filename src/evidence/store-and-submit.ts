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
 */
export async function storeAndSubmit<T>(files: EvidenceFiles, file: { bytes: Buffer; name: string }, submit: (fields: EvidenceFileFields) => Promise<T>): Promise<T> {
  const mediaType = allowedMediaType(file.bytes, file.name);
  const stored = await files.put(file.bytes);
  try {
    return await submit({ fileHash: stored.sha256, fileName: file.name.slice(0, LIMITS.fileName), fileSize: stored.size, mediaType });
  } catch (error) {
    if (stored.created) await files.remove(stored.sha256);
    throw error;
  }
}
