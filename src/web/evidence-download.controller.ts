import { Controller, Get, Inject, Logger, Param, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { Caller } from '../auth/public.decorator';
import { NotFound } from '../domain/errors';
import { ActorRef } from '../domain/roles';
import { EvidenceFileAltered } from '../evidence/evidence-file-altered.error';
import { EVIDENCE_FILES, EvidenceFiles } from '../evidence/evidence-files';
import { PlanReads } from './plan-reads';
import { attachmentHeader } from '../api/attachment-header';
import { setEvidenceDownloadHeaders } from '../evidence/download-headers';
import { WebErrorFilter } from './web-error.filter';

/**
 * An evidence item's file, from the action and review pages, under the name it was
 * uploaded with (made safe), typed by its content, always as an attachment with
 * nosniff (setEvidenceDownloadHeaders). Its bytes are checked against the recorded SHA-256 before anything
 * is sent (EvidenceFiles.openChecked): a file changed on disk gets a page saying so,
 * and the server's log an alarm, never the changed bytes under the old hash.
 */
@Controller('plans/:planId/actions/:reference/evidence/:evidenceId/file')
@UseFilters(WebErrorFilter)
@ApiExcludeController()
export class EvidenceDownloadController {
  private readonly logger = new Logger('Evidence');

  constructor(
    private readonly reads: PlanReads,
    @Inject(EVIDENCE_FILES) private readonly files: EvidenceFiles,
  ) {}

  @Get()
  async download(@Param('planId') planId: string, @Param('reference') reference: string, @Param('evidenceId') evidenceId: string, @Res() response: Response, @Caller() caller: ActorRef) {
    const { action } = await this.reads.action(planId, reference);
    const item = action.evidence.find((e) => e.evidenceId === evidenceId);
    if (!item?.fileHash) throw new NotFound(`Action ${reference} has no evidence ${evidenceId} with a file`);
    if (item.redaction) throw new NotFound(`The file of evidence ${evidenceId} was erased on ${item.redaction.redactedAt.slice(0, 10)}; its SHA-256 stays on record`);
    const file = await this.files.openChecked(item.fileHash).catch((error: unknown) => {
      if (error instanceof EvidenceFileAltered) {
        this.logger.error(`ALARM: evidence file ${error.sha256} (evidence ${evidenceId} of action ${reference} in plan ${planId}) no longer matches its hash (its bytes hash to ${error.actualSha256}); download refused for ${caller.id}. Run plan-audit verify and restore the file from a backup.`);
      }
      throw error;
    });
    if (!file) throw new NotFound(`The file of evidence ${evidenceId} (SHA-256 ${item.fileHash}) is not on the server`);
    setEvidenceDownloadHeaders(response, { sha256: item.fileHash, size: file.size, bytes: file.bytes }, item, attachmentHeader);
    if (file.bytes) {
      response.end(file.bytes);
      return;
    }
    file.stream.on('error', (error) => {
      if (error instanceof EvidenceFileAltered) this.logger.error(`ALARM: evidence file ${error.sha256} changed while it was being sent; the download was cut off.`);
      response.destroy(error);
    });
    file.stream.pipe(response);
  }
}
