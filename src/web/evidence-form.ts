import { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { FieldProblem } from '../domain/errors';
import { LIMITS } from '../domain/limits';

export interface ReceivedEvidenceForm {
  file?: { bytes: Buffer; name: string };
  problem?: FieldProblem;
}

/**
 * Read the evidence form (multipart: the fields and at most one file), with the
 * same size limit as the upload endpoint. An empty file box sends an empty part
 * with no name: that is "no file", not an empty file.
 */
export function evidenceFormReader(maxBytes: number): (request: Request, response: Response) => Promise<ReceivedEvidenceForm> {
  const single = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 16384 } }).single('file');
  const megabytes = Math.floor(maxBytes / 1048576);
  return (request, response) =>
    new Promise((resolve) =>
      single(request, response, (error: unknown) => {
        if (error instanceof MulterError && error.code === 'LIMIT_FILE_SIZE') return resolve({ problem: { field: 'file', message: `The file must be smaller than ${megabytes} MB` } });
        if (error) return resolve({ problem: { field: 'file', message: 'The file could not be read; choose it again and resubmit' } });
        const file = (request as Request & { file?: Express.Multer.File }).file;
        resolve(file && (file.size > 0 || file.originalname) ? { file: { bytes: file.buffer, name: file.originalname.slice(0, LIMITS.fileName) } } : {});
      }),
    );
}
