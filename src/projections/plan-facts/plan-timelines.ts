import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config';
import { Projector } from '../projector/projector.service';
import { preparedOn } from '../../prepared-statements';
import { FactVersion, PlanTimeline } from './plan-timeline';

const factAfter = preparedOn<[string, number], number>('SELECT 1 FROM plan_facts WHERE planId = ? AND position > ? LIMIT 1', { pluck: true });

/** Whether the server's preload of every plan's timeline has run (see `warm`). */
type Preload = 'not started' | 'loading' | 'done';

interface Entry {
  timeline: PlanTimeline;
  /** The projection checkpoint this timeline is known to be complete up to. */
  upTo: number;
}

/**
 * Plans' timelines held in memory, so the plan as at any date is a lookup rather
 * than a query over every fact the plan ever had: an inspector dragging the date
 * back and forth asks the same plan many times. plan_facts stays the truth: before
 * each use the entry is checked against it — the projection checkpoint, and whether
 * any fact of this plan was written after the checkpoint the entry was loaded at
 * (one probe of the (planId, position) index). That also catches another process
 * (a CLI rebuild) changing the read models underneath.
 */
@Injectable()
export class PlanTimelines {
  private readonly entries = new Map<string, Entry>();
  /**
   * Loads under way, so two readers of a plan not yet in memory (or a reader and the preload)
   * share one, with the checkpoint each was started at.
   */
  private readonly loading = new Map<string, { from: number; timeline: Promise<PlanTimeline | undefined> }>();
  private facts = 0;
  private preload: Preload = 'not started';

  constructor(
    private readonly dataSource: DataSource,
    private readonly projector: Projector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async timelineOf(planId: string): Promise<PlanTimeline | undefined> {
    // Read the checkpoint before the facts: a fact written in between is then newer than `upTo`, and the next check reloads.
    const checkpoint = await this.projector.checkpoint();
    const entry = this.entries.get(planId);
    if (entry && checkpoint >= entry.upTo && (checkpoint === entry.upTo || !(await this.anyFactAfter(planId, entry.upTo)))) {
      entry.upTo = checkpoint;
      this.entries.delete(planId); // re-insert: Map order is the least-recently-used order
      this.entries.set(planId, entry);
      return entry.timeline;
    }
    if (entry) this.forget(planId);
    // Only a load that started at this checkpoint or later is sure to hold everything it covers.
    const under = this.loading.get(planId);
    if (under && under.from >= checkpoint) return under.timeline;
    const timeline = this.load(planId, checkpoint).finally(() => {
      if (this.loading.get(planId)?.timeline === timeline) this.loading.delete(planId);
    });
    this.loading.set(planId, { from: checkpoint, timeline });
    return timeline;
  }

  private async load(planId: string, checkpoint: number): Promise<PlanTimeline | undefined> {
    const rows: FactVersion[] = await this.dataSource.query(
      'SELECT subject, kind, key, payload, validFrom, validKey, recordedAt, supersededAt FROM plan_facts WHERE planId = ?',
      [planId],
    );
    if (rows.length === 0) return undefined;
    const timeline = new PlanTimeline(planId, rows);
    // A load started later may have finished first: keep the newer one.
    const held = this.entries.get(planId);
    if (held && held.upTo > checkpoint) return timeline;
    // Whatever was held meanwhile is replaced, and no longer counted against the budget.
    this.forget(planId);
    this.entries.set(planId, { timeline, upTo: checkpoint });
    this.facts += rows.length;
    for (const [oldest] of this.entries) {
      if (this.facts <= this.config.timelineCacheFacts || oldest === planId) break;
      this.forget(oldest);
    }
    return timeline;
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

  private async anyFactAfter(planId: string, position: number): Promise<boolean> {
    return factAfter(this.dataSource).get(planId, position) !== undefined;
  }
}
