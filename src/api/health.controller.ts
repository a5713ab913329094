import { Public } from '../auth/public.decorator';
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AuditService } from '../audit/audit.service';
import { WitnessSubmitter } from '../audit/witnesses';
import { PlanTimelines } from '../projections/plan-facts/plan-timelines';
import { GetReadSideHealth, ReadSideHealth } from '../projections/projection-lag/get-read-side-health.query';
import { StorageHealth } from '../storage-health';
import { ApiResponse } from '@nestjs/swagger';
import { ApiRead } from './openapi-schemas';
import { PROBLEM_MEDIA_TYPE } from './problem-details';

@Public()
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly queries: QueryBus,
    private readonly timelines: PlanTimelines,
    private readonly storage: StorageHealth,
    private readonly audit: AuditService,
    private readonly witnesses: WitnessSubmitter,
  ) {}

  /**
   * Liveness, the size of the log, how far the read models are behind it, and how much of the plans'
   * history is in memory. `degraded` (still 200: the process is alive) while the read side is stopped,
   * retrying, held up, or more than READY_MAX_LAG behind, with the reason, the last error and the restarts
   * (the same picture as the audit page's: GetReadSideHealth); and while the disk holding the data folder
   * refuses writes or is nearly full (its free space is shown). The disk's reason comes first: a full disk
   * also holds up the projector, and is the cause to fix. Before both: the server refusing to sign,
   * because the log no longer extends the last head it signed — the alarm of issue 21.
   */
  @Get()
  @ApiRead('Health')
  async health() {
    const read: ReadSideHealth = await this.queries.execute(new GetReadSideHealth());
    const disk = await this.storage.status();
    const signing = this.audit.signingStatus();
    const witnesses = this.witnesses.status();
    const reason = signing.reason ?? witnesses.alarms[0] ?? disk.reason ?? read.reason;
    return {
      status: reason ? 'degraded' : 'ok',
      ...(reason ? { reason } : {}),
      eventStore: read.store,
      headPosition: read.head,
      projection: { checkpoint: read.checkpoint, behind: read.behind, state: read.state, lastError: read.lastError, restarts: read.restarts, checkpointAt: read.checkpointAt },
      storage: { freeBytes: disk.freeBytes, totalBytes: disk.totalBytes, refusingWrites: disk.refusingWrites, lastRefusal: disk.lastFault },
      timelines: this.timelines.size,
      signing,
      witnesses,
    };
  }

  /**
   * Readiness for a load balancer: ready while the projector is following the log and the read
   * models are no more than READY_MAX_LAG events (default 1000) behind it, so reads are current; and not
   * while a write has been refused for a full or read-only disk that has not shown room again since.
   * A disk merely low on space is reported by /api/health but leaves the server ready: writes still succeed.
   * Not ready either while the server refuses to sign because the log no longer extends its last signed head.
   */
  @Get('ready')
  @ApiRead('Readiness')
  @ApiResponse({
    status: 503,
    description: 'Not ready: `detail` says why (signing refused, a witness alarm, the disk refusing writes, the read side behind or stopped), with the fields of a ready answer beside it (ready false, signing, projection, storage)',
    content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
  })
  async ready() {
    const read: ReadSideHealth = await this.queries.execute(new GetReadSideHealth());
    const disk = await this.storage.status();
    const signing = this.audit.signingStatus();
    const witnessAlarm = this.witnesses.status().alarms[0];
    const reason = signing.reason ?? witnessAlarm ?? (disk.refusingWrites ? disk.reason : undefined) ?? read.reason;
    const body = {
      ready: !reason,
      signing: { state: signing.state, head: signing.head, headChecked: signing.headChecked, leader: signing.leader },
      projection: { checkpoint: read.checkpoint, head: read.head, behind: read.behind, allowed: read.allowed, state: read.state, restarts: read.restarts },
      storage: { freeBytes: disk.freeBytes, refusingWrites: disk.refusingWrites },
    };
    if (reason) throw new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', message: reason, ...body });
    return body;
  }
}
