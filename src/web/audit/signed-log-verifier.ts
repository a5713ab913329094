import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AuditService } from '../../audit/audit.service';
import { GetLogHead, LogHead } from '../../projections/event-log/event-log.queries';
import { EventLogVerification, EventLogVerifier } from './event-log-verifier';

/**
 * The audit page's check is the full verification: every event re-hashed, every
 * stream's chain followed, every signed checkpoint's Merkle root rebuilt and its
 * signature checked — the same as `plan-audit verify` and the standalone verifier.
 */
@Injectable()
export class SignedLogVerifier implements EventLogVerifier {
  constructor(
    private readonly audit: AuditService,
    private readonly queries: QueryBus,
  ) {}

  async verify(): Promise<EventLogVerification> {
    const report = await this.audit.verify();
    const log: LogHead = await this.queries.execute(new GetLogHead());
    const signed = report.checkpoints.filter((c) => c.status === 'verified').length;
    const newest = report.checkpoints[report.checkpoints.length - 1]?.checkpoint;
    return {
      verified: report.ok,
      checkedAt: new Date().toISOString(),
      store: log.store,
      eventCount: report.eventCount,
      streamCount: report.streamCount,
      headPosition: log.headPosition,
      checks: [
        'Every event re-hashed from its contents: the stored hash must match.',
        'Every stream followed from its first event: versions without gaps, each event linked to the hash of the one before.',
        `Every signed checkpoint's Merkle root rebuilt from the log and its Ed25519 signature checked: ${signed} of ${report.checkpoints.length} hold${newest ? `, the newest covering ${newest.treeSize} events (signed ${newest.takenAt.slice(0, 16).replace('T', ' ')} UTC)` : ''}.`,
        report.uncoveredEvents > 0 ? `${report.uncoveredEvents} event(s) recorded since the newest checkpoint are hashed and chained but not yet signed.` : 'Every event is covered by a signed checkpoint.',
        ...(report.evidence
          ? [`Every evidence file the record says is kept re-hashed from disk: ${report.evidence.files} file(s) for ${report.evidence.kept} item(s)${report.evidence.erased > 0 ? `; ${report.evidence.erased} erased lawfully, expected to be gone` : ''}${report.evidence.neverUploaded > 0 ? `; ${report.evidence.neverUploaded} given as a hash only, never uploaded here` : ''}.`]
          : []),
      ],
      problems: report.findings.map((f) => ({
        streamId: f.streamId ?? '',
        streamVersion: f.streamVersion ?? -1,
        eventId: f.eventId ?? '',
        kind: f.kind,
        detail: f.evidenceId !== undefined ? `Evidence ${f.evidenceId}: ${f.detail}` : f.position !== undefined ? `#${f.position}: ${f.detail}` : f.detail,
      })),
    };
  }
}
