import { Body, Controller, Get, Inject, Logger, Param, PayloadTooLargeException, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiExtension, ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { Writer, WriterContext } from '../auth/public.decorator';
import { RedactEvidenceCommand, RedactEvidenceInput, SubmitEvidenceCommand } from '../commands';
import { APP_CONFIG, AppConfig } from '../config';
import { InvalidInput, NotFound } from '../domain/errors';
import { storeAndSubmit } from '../evidence/store-and-submit';
import { EvidenceFileAltered } from '../evidence/evidence-file-altered.error';
import { EVIDENCE_FILES, EvidenceFiles } from '../evidence/evidence-files';
import { ApiCommands, issueCommand } from './issue-command';
import { attachmentHeader } from './attachment-header';
import { setEvidenceDownloadHeaders } from '../evidence/download-headers';
import { ApiCommand, IF_MATCH_HEADER } from './openapi-schemas';

interface Upload {
  file?: Express.Multer.File;
  body: Record<string, unknown>;
}

/**
 * Evidence files: uploaded to the content-addressed store (the event keeps the
 * hash, name, size and type), downloaded with their hash, and lawfully erased.
 */
@ApiTags('evidence')
@ApiBearerAuth()
@Controller('api')
export class EvidenceController {
  private readonly receive: (req: Request, res: Response) => Promise<Upload>;
  private readonly logger = new Logger('Evidence');

  constructor(
    private readonly commands: ApiCommands,
    @Inject(EVIDENCE_FILES) private readonly files: EvidenceFiles,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // Configured from the app's settings (not a decorator constant), so the size limit is the administrator's.
    const single = multer({ storage: multer.memoryStorage(), limits: { fileSize: config.evidenceMaxBytes, files: 1, fields: 10, fieldSize: 8192 } }).single('file');
    this.receive = (req, res) =>
      new Promise((resolve, reject) =>
        single(req, res, (error: unknown) => {
          if (error instanceof MulterError && error.code === 'LIMIT_FILE_SIZE') {
            return reject(new PayloadTooLargeException(`The file is larger than the ${Math.floor(config.evidenceMaxBytes / 1048576)} MiB allowed for evidence; reduce it or split it`));
          }
          if (error instanceof MulterError) return reject(new InvalidInput(error.field ?? 'file', `${error.message}; send one file in the field "file" with title and description`));
          if (error) return reject(new InvalidInput('body', `could not be read as a multipart form (${(error as Error).message})`));
          resolve({ file: (req as Request & { file?: Express.Multer.File }).file, body: req.body as Record<string, unknown> });
        }),
      );
  }

  @Post('plans/:planId/actions/:reference/evidence/upload')
  @ApiOperation({ summary: 'Upload an evidence file with its title (multipart: file, title, description); lead or board' })
  @ApiConsumes('multipart/form-data')
  @ApiHeader(IF_MATCH_HEADER)
  @ApiExtension('x-command', true)
  // Every field the form may carry: any other is refused (validatedInput), and the file's name, size, type and hash come from the file itself.
  @ApiBody({ schema: { type: 'object', required: ['file', 'title'], additionalProperties: false, properties: { file: { type: 'string', format: 'binary' }, title: { type: 'string' }, description: { type: 'string' }, evidenceId: { type: 'string' } } } })
  async upload(@Param('planId') planId: string, @Param('reference') reference: string, @Req() req: Request, @Res({ passthrough: true }) res: Response, @Writer() caller: WriterContext) {
    const { file, body } = await this.receive(req, res);
    if (!file) throw new InvalidInput('file', 'is required: attach the evidence in the form field "file"');
    return storeAndSubmit(this.files, { bytes: file.buffer, name: file.originalname }, (fileFields) =>
      issueCommand(this.commands, SubmitEvidenceCommand, { ...body, ...fileFields }, { planId, reference }, caller, { serverSetsFileFields: true }),
    );
  }

  @Get('evidence/:sha256')
  @ApiOperation({ summary: 'Download an evidence file by its SHA-256; the hash is repeated in the X-Content-SHA256 header. A file whose bytes no longer match it is refused (409, rule evidence-matches-hash)' })
  // The type found from the file's bytes (octet-stream only for a file older than the checks that is none of these).
  @ApiProduces(
    'application/pdf',
    'image/png',
    'image/jpeg',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'application/vnd.oasis.opendocument.text',
    'application/vnd.oasis.opendocument.spreadsheet',
    'text/plain',
    'text/csv',
    'application/octet-stream',
  )
  async download(@Param('sha256') sha256: string, @Req() req: Request, @Res() res: Response) {
    const file = await this.files.openChecked(sha256).catch((error: unknown) => {
      if (error instanceof EvidenceFileAltered) this.alarm(error, req);
      throw error;
    });
    if (!file) throw new NotFound(`There is no evidence file with SHA-256 ${sha256}; it may have been erased (the action's history says so)`);
    // By hash, so no upload's name: named by the hash, with the extension of the type its bytes hold.
    setEvidenceDownloadHeaders(res, { sha256, size: file.size, bytes: file.bytes }, {}, attachmentHeader);
    res.setHeader('Digest', `sha-256=${Buffer.from(sha256, 'hex').toString('base64')}`);
    if (file.bytes) {
      res.end(file.bytes);
      return;
    }
    // Checked before the first byte; checked again on the way out: changed meanwhile, the download is cut off, never completed.
    file.stream.on('error', (error) => {
      if (error instanceof EvidenceFileAltered) this.alarm(error, req);
      res.destroy(error);
    });
    file.stream.pipe(res);
  }

  /** Bytes that are not what was recorded are not a client's mistake: the operator must hear of it. */
  private alarm(error: EvidenceFileAltered, req: Request): void {
    this.logger.error(`ALARM: evidence file ${error.sha256} no longer matches its hash (its bytes hash to ${error.actualSha256}); download refused for ${(req as Request & { caller?: { id?: string } }).caller?.id ?? 'a caller'}. Run plan-audit verify and restore the file from a backup.`);
  }

  @Post('plans/:planId/actions/:reference/evidence/:evidenceId/redaction')
  @ApiOperation({ summary: 'Erase an evidence file lawfully, with the reason (administrators); the log keeps that it existed and its hash' })
  @ApiCommand(RedactEvidenceInput)
  redact(@Param('planId') planId: string, @Param('reference') reference: string, @Param('evidenceId') evidenceId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, RedactEvidenceCommand, body, { planId, reference, evidenceId }, caller);
  }
}
