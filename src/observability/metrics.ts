import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AuditService } from '../audit/audit.service';
import { WitnessSubmitter } from '../audit/witnesses';
import { CHECKPOINT_STORE, CheckpointStore } from '../audit/checkpoint-store.port';
import { Projector } from '../projections/projector/projector.service';

/**
 * Node's own figures (memory, event-loop lag, CPU, open files): one set per process, however
 * many apps a test builds in it, and each app's registry is written after them.
 */
let processMetrics: Registry | undefined;
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

/** accepted; refused (the caller's fault, a 4xx: bad input, not permitted, a rule, a conflict); failed (ours, a 5xx). */
export type CommandOutcome = 'accepted' | 'refused' | 'failed';

/**
 * The server's metrics in Prometheus's text format (prom-client), for GET /api/metrics.
 *
 * What is read at each scrape is read from its source, not counted here: the events appended
 * are the log's head, so the figure is right after a restart and includes events appended by
 * another process (an import from the CLI); the lag, the projector's restarts and the age of the
 * last signed checkpoint are what /api/health and the checkpoint store say at that moment.
 * Only the commands' latency is observed as it happens (CommandTiming).
 */
@Injectable()
export class Metrics {
  private readonly registry = new Registry();
  readonly commandDuration: Histogram<'command' | 'outcome'>;

  // The collect() callbacks below are prom-client's, called with the metric as `this`: they close over these.
  constructor(projector: Projector, @Inject(CHECKPOINT_STORE) store: CheckpointStore, audit: AuditService, witnesses: WitnessSubmitter) {
    const registers = [this.registry];
    new Counter({
      name: 'plan_audit_events_appended_total',
      help: 'Events in the log (its head position): every event appended since the log began, by any process',
      registers,
      async collect() {
        const { head } = await projector.lag();
        this.reset();
        this.inc(head);
      },
    });
    this.commandDuration = new Histogram({
      name: 'plan_audit_command_duration_seconds',
      help: 'Time from a door (API, web form, CLI relay, import) sending a command on the CommandBus to its answer: validation, loading the streams, the decision and the append',
      labelNames: ['command', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    new Gauge({
      name: 'plan_audit_projection_lag_events',
      help: 'Events in the log not yet in the read models (the reports)',
      registers,
      async collect() {
        this.set((await projector.lag()).behind);
      },
    });
    new Counter({
      name: 'plan_audit_projector_restarts_total',
      help: 'Times the projector has followed the log again after a failed read-model write or a dropped subscription, since this server started',
      registers,
      collect() {
        this.reset();
        this.inc(projector.status().restarts);
      },
    });
    new Gauge({
      name: 'plan_audit_projector_stopped',
      help: '1 while the projector is stopped at an event it cannot project, or retrying after a failure; 0 while it follows the log',
      registers,
      collect() {
        const { state } = projector.status();
        this.set(state === 'stopped' || state === 'retrying' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'plan_audit_last_checkpoint_age_seconds',
      help: 'Seconds since the last signed checkpoint was taken; absent until the first one (a head is signed within about a second of every commit)',
      registers,
      async collect() {
        const latest = await store.latest();
        if (latest) this.set(Math.max(0, (Date.now() - Date.parse(latest.takenAt)) / 1000));
        else this.remove();
      },
    });
    new Gauge({
      name: 'plan_audit_signing_refused',
      help: '1 while the server refuses to sign because the log no longer extends the last head it signed (an alarm: see /api/health for the reason); 0 while it signs',
      registers,
      collect() {
        this.set(audit.signingStatus().state === 'refusing' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'plan_audit_witness_alarms',
      help: 'Alarms from witnesses: each witness refusing this log (a fork, a bad proof, a refusal), and 1 more while the last head is cosigned by fewer than WITNESS_QUORUM; 0 when all is well (see /api/health)',
      registers,
      collect() {
        this.set(witnesses.status().alarms.length);
      },
    });
    new Gauge({
      name: 'plan_audit_signer_leader',
      help: '1 while this server is the one that signs heads, makes scheduled checkpoints and submits to witnesses (on PostgreSQL, the holder of the signer lock; on SQLite always); 0 while it stands by',
      registers,
      collect() {
        this.set(audit.signingStatus().leader ? 1 : 0);
      },
    });
    new Gauge({
      name: 'plan_audit_signed_head_size',
      help: 'Events covered by the last signed head (kept in the signer folder, outside the data folder)',
      registers,
      collect() {
        this.set(audit.signingStatus().head?.treeSize ?? 0);
      },
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The whole page a scrape receives: the process's figures, then this server's. */
  async text(): Promise<string> {
    return `${await processRegistry().metrics()}\n${await this.registry.metrics()}`;
  }
}
