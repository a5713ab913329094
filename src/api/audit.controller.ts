import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags, ApiQuery } from '@nestjs/swagger';
import { Response } from 'express';
import { AuditService } from '../audit/audit.service';
import { publicCheckpoint } from '../audit/checkpoint';
import { formatFinding } from '../audit/findings';
import { LogTransfer } from '../audit/log-transfer.service';
import { trustFromPems, witnessesFrom } from '../audit/verifier-trust';
import { WitnessSubmitter } from '../audit/witnesses';
import { Caller, CallerContext, Public } from '../auth/public.decorator';
import { InvalidInput } from '../domain/errors';
import { requirePlanId } from '../domain/identifiers';
import { requireRole } from '../domain/permissions';
import { attachmentHeader } from './attachment-header';
import { ApiRead } from './openapi-schemas';

/** A domain check applied to a query value: the 400 names the parameter as the caller wrote it. */
const asQueryParameter = (name: string, check: () => unknown) => {
  try {
    check();
  } catch (error) {
    if (error instanceof InvalidInput) throw new InvalidInput(name, error.problems[0]?.message ?? error.message);
    throw error;
  }
};

const wholeNumber = (value: string | undefined, field: string): number | undefined => {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new InvalidInput(field, `"${value}" is not a whole number of events`);
  return Number(value);
};

/** The keys a caller trusts for a verification: a 400 names logKeys, witnesses or quorum otherwise. */
const VERIFY_WITH_YOUR_KEYS = {
  type: 'object',
  required: ['logKeys'],
  properties: {
    logKeys: { type: 'array', minItems: 1, items: { type: 'string' }, description: "The log's public keys, PEM, as you were given them" },
    witnesses: { type: 'array', items: { type: 'string' }, description: 'The witnesses whose cosignatures on the last signed head you count: verifier keys (name+keyid+key)' },
    quorum: { type: 'integer', minimum: 0, description: 'How many of those witnesses must have cosigned (default all of them)' },
  },
};

/**
 * Tamper evidence over HTTP: the signing key, the signed checkpoints, inclusion
 * and consistency proofs, a full verification, and the export an auditor checks
 * with tools/verify-export.js — without trusting this server or its database.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly transfer: LogTransfer,
    private readonly witnesses: WitnessSubmitter,
  ) {}

  @Public()
  @Get('public-key')
  @ApiOperation({ summary: 'The Ed25519 public key(s) checkpoints are signed with (PEM), for anyone to check signatures' })
  @ApiRead('PublicKeys')
  publicKey() {
    return { keys: this.audit.publicKeys() };
  }

  @Get('checkpoints')
  @ApiOperation({ summary: 'Every signed checkpoint: tree size, root hash, time, key id, signature' })
  @ApiRead('Checkpoints')
  async checkpoints() {
    const head = this.audit.lastSignedHead();
    return {
      checkpoints: (await this.audit.listCheckpoints()).map(publicCheckpoint),
      // The last head signed, from the signer folder, with the witnesses' cosignatures on it, and what each witness last did.
      head: head ? { ...publicCheckpoint(head), cosignatures: head.cosignatures ?? [] } : null,
      witnesses: this.witnesses.status(),
    };
  }

  @Post('checkpoints')
  @HttpCode(201)
  @ApiOperation({ summary: 'Sign a checkpoint of the log as it stands now (administrators and auditors)' })
  async takeCheckpoint(@Caller() caller: CallerContext) {
    requireRole(caller, ['admin', 'auditor'], 'take a checkpoint');
    const outcome = await this.audit.takeCheckpoint();
    return { created: outcome.created, checkpoint: outcome.checkpoint ? publicCheckpoint(outcome.checkpoint) : undefined };
  }

  @Get('proofs/inclusion')
  @ApiOperation({ summary: 'Proof that an event is in the log a checkpoint signed (RFC 9162 audit path)' })
  @ApiQuery({ name: 'eventId', required: true, description: 'The event to prove', schema: { type: 'string' } })
  @ApiQuery({ name: 'treeSize', required: false, description: 'The signed tree size to prove against (default the latest checkpoint)', schema: { type: 'integer' } })
  inclusion(@Query('eventId') eventId?: string, @Query('treeSize') treeSize?: string) {
    if (!eventId) throw new InvalidInput('eventId', 'name the event to prove, e.g. ?eventId=6f1c…');
    return this.audit.proveInclusion(eventId, wholeNumber(treeSize, 'treeSize'));
  }

  @Get('proofs/consistency')
  @ApiOperation({ summary: 'Proof that the later checkpoint extends the earlier one unchanged (RFC 9162)' })
  @ApiQuery({ name: 'from', required: true, description: 'The earlier tree size', schema: { type: 'integer' } })
  @ApiQuery({ name: 'to', required: true, description: 'The later tree size', schema: { type: 'integer' } })
  consistency(@Query('from') from?: string, @Query('to') to?: string) {
    const fromSize = wholeNumber(from, 'from');
    const toSize = wholeNumber(to, 'to');
    if (fromSize === undefined || toSize === undefined) throw new InvalidInput(fromSize === undefined ? 'from' : 'to', 'give both tree sizes, e.g. ?from=244&to=1020');
    return this.audit.proveConsistency(fromSize, toSize);
  }

  @Get('verification')
  @ApiOperation({ summary: 'Re-hash every event, check every chain, rebuild every signed root and check every signature (administrators and auditors, one at a time)' })
  @ApiRead('Verification')
  @ApiResponse({ status: 429, description: 'A full verification is already running (one at a time): wait the seconds in Retry-After' })
  async verification(@Caller() caller: CallerContext) {
    requireRole(caller, ['admin', 'auditor'], 'run a full verification');
    const report = await this.audit.verify();
    return { ...report, checkpoints: report.checkpoints.map((c) => ({ ...c, checkpoint: publicCheckpoint(c.checkpoint) })), lines: report.findings.map(formatFinding) };
  }

  @Post('verification')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "A full verification trusting only the keys you give: { logKeys: [PEM, …], witnesses?: [vkey, …], quorum?: n } — the log's public key as you were given it, never one the server holds, and the witnesses whose cosignatures on the last signed head you count (administrators and auditors)",
  })
  @ApiBody({ schema: VERIFY_WITH_YOUR_KEYS })
  @ApiRead('Verification')
  @ApiResponse({ status: 429, description: 'A full verification is already running (one at a time): wait the seconds in Retry-After' })
  async verificationWithYourKeys(@Caller() caller: CallerContext, @Body() body: { logKeys?: unknown; witnesses?: unknown; quorum?: unknown }) {
    requireRole(caller, ['admin', 'auditor'], 'run a full verification');
    if (!Array.isArray(body?.logKeys) || body.logKeys.length === 0 || !body.logKeys.every((k) => typeof k === 'string')) {
      throw new InvalidInput('logKeys', 'give the public keys to trust, as PEM strings: {"logKeys": ["-----BEGIN PUBLIC KEY-----…"]}');
    }
    if (body.witnesses !== undefined && !Array.isArray(body.witnesses)) throw new InvalidInput('witnesses', 'give the witnesses to count as a list of verifier keys: {"witnesses": ["name+keyid+key", …]}');
    if (body.quorum !== undefined && body.witnesses === undefined) throw new InvalidInput('quorum', 'name the witnesses to count in "witnesses"');
    const witnesses = Array.isArray(body.witnesses) ? witnessesFrom(body.witnesses, body.quorum, 'witnesses') : {};
    const trust = { ...trustFromPems(body.logKeys.map((pem: string, i: number) => ({ pem, from: `logKeys[${i}]`, field: `logKeys[${i}]` }))), ...witnesses };
    const report = await this.audit.verify(undefined, trust);
    return { ...report, checkpoints: report.checkpoints.map((c) => ({ ...c, checkpoint: publicCheckpoint(c.checkpoint) })), lines: report.findings.map(formatFinding) };
  }

  @Get('export')
  @ApiOperation({ summary: 'The whole log (or ?plan=<id>) as JSONL with the checkpoints and public key, for tools/verify-export.js' })
  async export(@Res() response: Response, @Caller() caller: CallerContext, @Query('plan') plan?: string) {
    requireRole(caller, ['admin', 'auditor', 'inspector'], 'export the event log');
    // Checked before any header is set, so a refused ?plan= never reaches the file name.
    if (plan !== undefined) asQueryParameter('plan', () => requirePlanId(plan));
    response.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    response.setHeader('Content-Disposition', attachmentHeader(`${plan ? `${plan}-` : ''}event-log.jsonl`));
    await this.transfer.exportTo((text) => {
      response.write(text);
    }, plan);
    response.end();
  }
}
