import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { INestApplicationContext } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { progressBar } from '../src/cli/read-commands';
import { actionStreamId, actionStreamPrefix, planStreamId } from '../src/domain/identifiers';
import { EventEnvelope } from '../src/event-store/envelope';
import { EventRow, READ_COLUMNS, toEnvelope } from '../src/event-store/sqlite/sqlite-event-store';
import { GetPlanState } from '../src/projections/plan-state/get-plan-state.query';
import { GetPreviousVsCurrent } from '../src/projections/previous-vs-current/get-previous-vs-current.query';
import { GetRagSummary } from '../src/projections/rag-summary/get-rag-summary.query';
import { GetRatingHistory } from '../src/projections/rating-history/get-rating-history.query';
import { PlanSnapshot } from '../src/projections/plan-snapshot/plan-snapshot';
import { replayPlan } from '../src/projections/replay/replay-plan';
import { previousVsCurrent } from '../src/projections/previous-vs-current/previous-vs-current';
import { ragSummary } from '../src/projections/rag-summary/rag-summary';
import { RatingHistory } from '../src/projections/rating-history/rating-history';
import { planIdOf } from './dataset';
import { seededRandom } from './random';
import { latencyOf, Latency, median } from './stats';

export type AsOfQueryName = 'planState' | 'ragSummary' | 'previousVsCurrent' | 'ratingHistory';

export interface AsOfQueryFigures extends Latency {
  samples: number;
  /** Median time of the same answer by naive replay of the plan's raw events. */
  naiveReplayP50Ms: number;
  naiveSamples: number;
  /** naive replay p50 / read-model p50; undefined where there is no read model to compare (the rating history). */
  speedup?: number;
  /** Of the answers compared, how many had events of the plan recorded after "known at" and effective by "as of": those the knownAt clock left out. */
  knownAtHidEvents: number;
  /** Every naive answer equal to the read-model answer. */
  answersMatch: boolean;
  mismatches: number;
}

/** The first read of each plan after a start: its timeline loaded from plan_facts (the server preloads them in the background). */
export interface FirstReadFigures extends Latency {
  plans: number;
}

interface Probe {
  planId: string;
  reference: string;
  asOf: string;
  earlier: string;
  knownAt: string;
}

/**
 * The naive way, with no read model: read every raw event of the plan (its plan
 * stream and its action streams, one range of the stream index), parse them and
 * fold them with the replay oracle, for each question asked.
 */
class NaiveReplay {
  private readonly db: Database.Database;
  private readonly statement: Database.Statement<[string, string, string], EventRow>;

  constructor(eventsFile: string) {
    this.db = new Database(eventsFile, { readonly: true, fileMustExist: true });
    this.statement = this.db
      .prepare<[string, string, string], EventRow>(`SELECT ${READ_COLUMNS} FROM events WHERE stream_id = ? OR (stream_id >= ? AND stream_id < ?) ORDER BY global_position`)
      .raw(true);
  }

  eventsOfPlan(planId: string): EventEnvelope[] {
    const prefix = actionStreamPrefix(planId);
    // Every action stream id of the plan starts with the same prefix; the upper bound is the prefix with its last character incremented.
    const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    return this.statement.all(planStreamId(planId), prefix, upper).map(toEnvelope);
  }

  close(): void {
    this.db.close();
  }
}

/** What a rating history says, field by field, without its one-line summaries (text for people, not facts). */
type HistoryFacts = { eventId: string; type: string; effectiveAt: string; code?: string; previousCode?: string }[];

/**
 * The rating history the obvious way, sharing no code with src/reports/rating-history.ts: the
 * action's raw events recorded by knownAt and effective by asOf, in effective order (ties in the
 * order recorded), each rating with the code before it, a correction with the code it replaced.
 */
function naiveRatingHistory(events: EventEnvelope[], streamId: string, asOf: string, knownAt: string): HistoryFacts {
  const ratings: { eventId: string; code: string }[] = [];
  return events
    .filter((e) => e.streamId === streamId && e.metadata.recordedAt <= knownAt && e.metadata.effectiveAt <= asOf)
    .sort((a, b) => (a.metadata.effectiveAt < b.metadata.effectiveAt ? -1 : a.metadata.effectiveAt > b.metadata.effectiveAt ? 1 : a.globalPosition - b.globalPosition))
    .map((e) => {
      const data = e.data as { code?: string; correctsEventId?: string };
      const facts = { eventId: e.eventId, type: e.type, effectiveAt: e.metadata.effectiveAt };
      if (e.type === 'RatingChanged') {
        const previousCode = ratings.length > 0 ? ratings[ratings.length - 1].code : undefined;
        ratings.push({ eventId: e.eventId, code: data.code as string });
        return { ...facts, code: data.code, previousCode };
      }
      if (e.type === 'RatingCorrected') {
        const corrected = ratings.find((r) => r.eventId === data.correctsEventId);
        const previousCode = corrected?.code;
        if (corrected) corrected.code = data.code as string;
        return { ...facts, code: data.code, previousCode };
      }
      return facts;
    });
}

/** The same value, ignoring properties that are present but undefined (JSON's view of equality). */
const same = (a: unknown, b: unknown) => isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)));

/**
 * Inspectors and auditors asking about the past: random plans, random effective
 * dates across the five years, and random "as known at" instants across the time
 * that plan's history was recorded (the load writes it a year at a time), so the
 * knownAt clock leaves out some of what was loaded; one probe in five asks as known
 * now. Each answer comes from the read models through the QueryBus; a sample of
 * them is also computed by naive replay of the raw events, timed, and compared.
 *
 * The rating history has no read model: the query reads the action's own stream
 * (the stream is the history). Its answers are compared with an independent fold of
 * the raw events, but no "faster than replay" is claimed for it: that would time one
 * read of the raw log against another.
 */
export async function measureAsOfQueries(
  app: INestApplicationContext,
  dataDir: string,
  options: { planRecorded: { first: string; last: string }[]; references: string[]; samples: number; naiveSamples: number; seed: number; lastRecordedAt: string; earliestDay: string; latestDay: string },
): Promise<{ firstRead: FirstReadFigures; queries: Record<AsOfQueryName, AsOfQueryFigures> }> {
  const queries = app.get(QueryBus);
  const naive = new NaiveReplay(join(dataDir, 'events.sqlite'));
  const random = seededRandom(options.seed);
  const between = (from: string, to: string) => new Date(Date.parse(from) + random() * (Date.parse(to) - Date.parse(from))).toISOString();
  const probes: Probe[] = Array.from({ length: options.samples }, () => {
    const a = between(options.earliestDay, options.latestDay);
    const b = between(options.earliestDay, options.latestDay);
    const plan = Math.floor(random() * options.planRecorded.length);
    const recorded = options.planRecorded[plan];
    return {
      planId: planIdOf(plan),
      reference: options.references[Math.floor(random() * options.references.length)],
      asOf: a > b ? a : b,
      earlier: a > b ? b : a,
      knownAt: random() < 0.2 ? options.lastRecordedAt : between(recorded.first, recorded.last),
    };
  });

  const kinds: Record<AsOfQueryName, { fromModels: (p: Probe) => Promise<unknown>; byReplay: (p: Probe, events: EventEnvelope[]) => unknown }> = {
    planState: {
      fromModels: (p) => queries.execute(new GetPlanState(p.planId, p.asOf, p.knownAt)),
      byReplay: (p, events) => replayPlan(events, p.planId, p.asOf, p.knownAt),
    },
    ragSummary: {
      fromModels: (p) => queries.execute(new GetRagSummary(p.planId, p.earlier, p.asOf, p.knownAt)),
      byReplay: (p, events) => ragSummary(replayAt(events, p, p.earlier), replayAt(events, p, p.asOf), [p.earlier, p.asOf]),
    },
    previousVsCurrent: {
      fromModels: (p) => queries.execute(new GetPreviousVsCurrent(p.planId, p.earlier, p.asOf, p.knownAt)),
      byReplay: (p, events) => previousVsCurrent(replayAt(events, p, p.earlier), replayAt(events, p, p.asOf), [p.earlier, p.asOf]),
    },
    ratingHistory: {
      fromModels: async (p) =>
        ((await queries.execute(new GetRatingHistory(p.planId, p.reference, p.asOf, p.knownAt))) as RatingHistory).entries.map(
          ({ eventId, type, effectiveAt, code, previousCode }): HistoryFacts[number] => ({ eventId, type, effectiveAt, code, previousCode }),
        ),
      byReplay: (p, events) => naiveRatingHistory(events, actionStreamId(p.planId, p.reference), p.asOf, p.knownAt),
    },
  };

  const figures = {} as Record<AsOfQueryName, AsOfQueryFigures>;
  const firstReads: number[] = [];
  try {
    const bar = progressBar('First read of each plan');
    for (let plan = 0; plan < options.planRecorded.length; plan++) {
      const started = performance.now();
      await queries.execute(new GetPlanState(planIdOf(plan), options.latestDay, options.lastRecordedAt));
      firstReads.push(performance.now() - started);
      bar.update(plan + 1, options.planRecorded.length);
    }
    bar.stop();
    for (const [name, kind] of Object.entries(kinds) as [AsOfQueryName, (typeof kinds)[AsOfQueryName]][]) {
      const bar = progressBar(`As-of queries: ${name}`);
      const latencies: number[] = [];
      const naiveLatencies: number[] = [];
      let mismatches = 0;
      let knownAtHidEvents = 0;
      for (let i = 0; i < probes.length; i++) {
        const probe = probes[i];
        let started = performance.now();
        const answer = await kind.fromModels(probe);
        latencies.push(performance.now() - started);
        if (i < options.naiveSamples) {
          started = performance.now();
          const events = naive.eventsOfPlan(probe.planId);
          const replayed = kind.byReplay(probe, events);
          naiveLatencies.push(performance.now() - started);
          if (!same(answer, replayed)) mismatches += 1;
          if (events.some((e) => e.metadata.recordedAt > probe.knownAt && e.metadata.effectiveAt <= probe.asOf)) knownAtHidEvents += 1;
        }
        if (i % 10 === 0) bar.update(i + 1, probes.length);
      }
      bar.stop();
      const latency = latencyOf(latencies);
      const naiveP50 = median(naiveLatencies);
      figures[name] = {
        samples: latencies.length,
        ...latency,
        naiveReplayP50Ms: naiveP50,
        naiveSamples: naiveLatencies.length,
        speedup: name === 'ratingHistory' ? undefined : naiveP50 / latency.p50Ms,
        answersMatch: mismatches === 0,
        mismatches,
        knownAtHidEvents,
      };
    }
  } finally {
    naive.close();
  }
  return { firstRead: { plans: firstReads.length, ...latencyOf(firstReads) }, queries: figures };
}

function replayAt(events: EventEnvelope[], probe: Probe, asOf: string): PlanSnapshot {
  const plan = replayPlan(events, probe.planId, asOf, probe.knownAt);
  if (!plan) throw new Error(`naive replay: no plan ${probe.planId} at ${asOf} as known at ${probe.knownAt}`);
  return plan;
}
