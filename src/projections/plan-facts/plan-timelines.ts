import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config';
import { Projector } from '../projector/projector.service';
import { preparedOn } from '../../prepared-statements';
import { FactVersion, PlanTimeline } from './plan-timeline';

const SELECT = 'SELECT subject, kind, key, payload, validFrom, validKey, recordedAt, position FROM plan_facts';
/** A plan's facts up to a checkpoint: loading its timeline. */
const factsUpTo = preparedOn<[string, number], FactVersion>(`${SELECT} WHERE planId = ? AND position <= ?`);
/** A plan's facts between two checkpoints: what its timeline has not taken yet (one range of the (planId, position) index). */
const factsBetween = preparedOn<[string, number, number], FactVersion>(`${SELECT} WHERE planId = ? AND position > ? AND position <= ?`);

/** Whether the server's preload of every plan's timeline has run (see `warm`). */
type Preload = 'not started' | 'loading' | 'done';

interface Entry {
  timeline: PlanTimeline;
  /** The projection checkpoint this timeline holds every fact up to, and none after. */
  upTo: number;
}

/**
 * Plans' timelines held in memory, so the plan as at any date is a lookup rather
 * than a query over every fact the plan ever had: an inspector dragging the date
 * back and forth asks the same plan many times. plan_facts stays the truth: before
 * each use the entry is brought up to the projection checkpoint by taking in the
 * plan's facts written since the checkpoint it holds (one range of the (planId,
 * position) index, usually empty or a few rows), so a read after a write costs what
 * the write added, not a reload of the plan's history. That also takes in what
 * another process (a second app on the folder) projected. A checkpoint behind the
 * entry's means the read models were rebuilt underneath (a CLI rebuild): the plan is
 * loaded again.
 *
 * All of it runs without yielding (the checkpoint and the facts are read with
 * statements prepared on the read models' connection, and the timeline takes them
 * in synchronously), so two readers never see a timeline half brought up to date,
 * and each fact is taken in once.
 */
@Injectable()
export class PlanTimelines {
  private readonly entries = new Map<string, Entry>();
  private facts = 0;
  private preload: Preload = 'not started';

  constructor(
    private readonly dataSource: DataSource,
    private readonly projector: Projector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async timelineOf(planId: string): Promise<PlanTimeline | undefined> {
    return this.timelineNow(planId);
  }

  /** The plan's timeline as of the projection checkpoint now: synchronous from end to end. */
  private timelineNow(planId: string): PlanTimeline | undefined {
    const checkpoint = this.projector.checkpointNow();
    const entry = this.entries.get(planId);
    if (entry && checkpoint >= entry.upTo) {
      if (checkpoint > entry.upTo) {
        const rows = factsBetween(this.dataSource).all(planId, entry.upTo, checkpoint);
        if (rows.length > 0) {
          entry.timeline.add(rows);
          this.facts += rows.length;
        }
        entry.upTo = checkpoint;
      }
      this.entries.delete(planId); // re-insert: Map order is the least-recently-used order
      this.entries.set(planId, entry);
      this.keepToBudget(planId);
      return entry.timeline;
    }
    // Nothing held, or the read models went back behind it (rebuilt): load the plan.
    this.forget(planId);
    const rows = factsUpTo(this.dataSource).all(planId, checkpoint);
    if (rows.length === 0) return undefined;
    const timeline = new PlanTimeline(planId, rows);
    this.entries.set(planId, { timeline, upTo: checkpoint });
    this.facts += rows.length;
    this.keepToBudget(planId);
    return timeline;
  }

  /** Forget the least recently used plans until what is held fits TIMELINE_CACHE_FACTS (never the one just read). */
  private keepToBudget(planId: string): void {
    for (const [oldest] of this.entries) {
      if (this.facts <= this.config.timelineCacheFacts || oldest === planId) break;
      this.forget(oldest);
    }
  }

  /**
   * Load every plan's timeline, as far as the budget allows, so the first person to
   * open a plan after a restart does not wait for it. Plan by plan, yielding between
   * them, so requests are served meanwhile.
   */
  async warm(): Promise<number> {
    this.preload = 'loading';
    try {
      const plans: { planId: string }[] = await this.dataSource.query("SELECT DISTINCT planId FROM plan_facts WHERE kind = 'plan'");
      let loaded = 0;
      for (const { planId } of plans) {
        if (this.facts >= this.config.timelineCacheFacts) break;
        await this.timelineOf(planId);
        loaded += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
      return loaded;
    } finally {
      this.preload = 'done';
    }
  }

  /**
   * What is held, for the health page and the benchmark. While `preload` is 'loading'
   * reads are answered but compete with the loading for the CPU, so a load test waits
   * for 'done' to measure the server as it runs from then on.
   */
  get size(): { plans: number; facts: number; preload: Preload } {
    return { plans: this.entries.size, facts: this.facts, preload: this.preload };
  }

  private forget(planId: string): void {
    const entry = this.entries.get(planId);
    if (!entry) return;
    this.facts -= entry.timeline.factCount;
    this.entries.delete(planId);
  }
}
