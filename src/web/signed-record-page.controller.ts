import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { AuditService } from '../audit/audit.service';
import { publicCheckpoint } from '../audit/checkpoint';
import { WitnessSubmitter } from '../audit/witnesses';
import { Caller } from '../auth/public.decorator';
import { NotFound } from '../domain/errors';
import { requireRole } from '../domain/permissions';
import { ActorRef } from '../domain/roles';
import { SIGNED_RECORD_READERS } from './audit/audit-page-readers';
import { formErrors } from './form-errors';
import { PlanReads } from './plan-reads';
import { WebErrorFilter } from './web-error.filter';
import { WebPages, WebRequest } from './web-pages';


/** Checkpoints a page: the newest first, as an auditor looks for the latest and pages back. */
const PER_PAGE = 50;

/** "ab12 cd34 …": a fingerprint in groups of four, as people read one aloud to compare it with the copy they were given. */
export function groupedFingerprint(hex: string): string {
  return (hex.match(/.{1,4}/g) ?? []).join(' ');
}

/**
 * The auditor's and inspector's tools, on a page rather than typed API addresses: the keys the record is
 * signed with and their fingerprints, every signed checkpoint (size, time, signature, witnesses'
 * cosignatures), the exports to download and check with tools/verify-export.js, and a proof bundle for any
 * event by its id. Nothing here signs or changes anything; it shows what the API already answers.
 */
@Controller('record')
@UseFilters(WebErrorFilter)
@ApiExcludeController()
export class SignedRecordPageController {
  constructor(
    private readonly audit: AuditService,
    private readonly witnesses: WitnessSubmitter,
    private readonly reads: PlanReads,
    private readonly pages: WebPages,
  ) {}

  @Get()
  async record(@Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef, @Query('page') pageParam?: string) {
    requireRole(caller, SIGNED_RECORD_READERS, 'see the signed record, its keys and checkpoints');
    this.render(request, response, await this.checkpointsAndPlans(pageParam));
  }

  private async checkpointsAndPlans(pageParam?: string) {
    const all = await this.audit.listCheckpoints();
    const pages = Math.max(1, Math.ceil(all.length / PER_PAGE));
    const page = Math.min(pages, Math.max(1, /^\d{1,6}$/.test(pageParam ?? '') ? Number(pageParam) : 1));
    const newestFirst = [...all].reverse();
    const head = this.audit.lastSignedHead();
    const plans = await Promise.all((await this.reads.planIds()).map((id) => this.reads.plan(id)));
    return {
      checkpoints: newestFirst.slice((page - 1) * PER_PAGE, page * PER_PAGE).map((c) => publicCheckpoint(c)),
      checkpointCount: all.length,
      paging: { page, pages, previous: page > 1 ? `/record?page=${page - 1}#checkpoints` : undefined, next: page < pages ? `/record?page=${page + 1}#checkpoints` : undefined },
      head: head ? { ...publicCheckpoint(head), cosignatures: head.cosignatures ?? [] } : undefined,
      plans: plans.map((p) => ({ planId: p.planId, title: p.title, export: `/api/audit/export?plan=${encodeURIComponent(p.planId)}` })),
    };
  }

  /** A public key as a .pem file, to give tools/verify-export.js with --public-key. */
  @Get('public-keys/:keyId')
  publicKeyFile(@Param('keyId') keyId: string, @Res() response: Response, @Caller() caller: ActorRef) {
    requireRole(caller, SIGNED_RECORD_READERS, 'download the record’s public keys');
    const key = this.audit.publicKeys().find((k) => k.keyId === keyId);
    if (!key) throw new NotFound(`No key with fingerprint ${keyId} signs this record`);
    response.setHeader('Content-Disposition', `attachment; filename="plan-audit-key-${key.keyId.slice(0, 16)}.pem"`);
    response.type('application/x-pem-file').send(key.pem);
  }

  /** "Get a proof for an event": the event id as typed, sent to its proof bundle; a blank or malformed id is said by the box. */
  @Get('event-proof')
  async eventProof(@Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef, @Query('eventId') eventId?: string) {
    requireRole(caller, SIGNED_RECORD_READERS, 'see the signed record, its keys and checkpoints');
    const typed = typeof eventId === 'string' ? eventId.trim() : '';
    if (/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(typed)) return response.redirect(303, `/api/audit/bundles/events/${encodeURIComponent(typed)}`);
    const message = typed ? 'Event id must be the id shown on an action’s history, for example 0b5e2c1a-…' : 'Enter the event id';
    return this.render(request, response, { ...(await this.checkpointsAndPlans()), eventId: typed, errors: formErrors([{ field: 'eventId', message }], { eventId: { anchor: 'eventId', label: 'Event id' } }) }, 400);
  }

  private render(request: WebRequest, response: Response, view: Record<string, unknown>, status = 200) {
    this.pages.render(
      request,
      response,
      'signed-record.njk',
      {
        pageTitle: 'The signed record: keys, checkpoints and downloads',
        keys: this.audit.publicKeys().map((k) => ({ ...k, grouped: groupedFingerprint(k.keyId), href: `/record/public-keys/${encodeURIComponent(k.keyId)}`, current: k.keyId === this.audit.publicKey.keyId })),
        signing: this.audit.signingStatus(),
        witnessStatus: this.witnesses.status(),
        errors: { summary: [], byField: {} },
        ...view,
      },
      status,
    );
  }
}
