import fc from 'fast-check';
import * as c from '../../../src/commands';
import { DomainError } from '../../../src/domain/errors';
import { EventEnvelope } from '../../../src/event-store/envelope';
import { ConcurrencyError } from '../../../src/domain/errors';
import { PlanFactsReader } from '../../../src/projections/plan-facts/plan-facts.reader';
import { PlanTimelines } from '../../../src/projections/plan-facts/plan-timelines';
import { PlanSnapshot } from '../../../src/projections/plan-snapshot/plan-snapshot';
import { replayPlan } from '../../../src/projections/replay/replay-plan';
import { replayKpis } from '../../../src/projections/replay/replay-kpis';
import { KpiFactsReader } from '../../../src/projections/kpi-table/kpi-facts.reader';
import { kpiStreamId } from '../../../src/domain/kpi/kpi-identifiers';
import { completionRegister } from '../../../src/projections/completion-register/completion-register';
import { addedBetween, dueBy, overdue } from '../../../src/projections/due-and-added/due-and-added';
import { previousVsCurrent } from '../../../src/projections/previous-vs-current/previous-vs-current';
import { ragSummary } from '../../../src/projections/rag-summary/rag-summary';
import { ragTable } from '../../../src/projections/rag-table/rag-table';
import { dueBetween } from '../../../src/projections/due-and-added/due-between';
import { milestonesCompleted, milestonesDue, milestonesOverdue } from '../../../src/projections/milestones/milestone-reports';
import { ACTORS, ActorName, commandHarness, CommandHarness } from '../../support/command-harness';

/**
 * Property: for random histories (ratings, backdated entries, corrections,
 * evidence, sign-offs, imported history, reopenings, withdrawals, amendments, milestones) and
 * random (asOf, knownAt), every report read from the read models equals the
 * same report computed by replaying the raw events filtered by the two clocks.
 */
const DAY = 86_400_000;
const START = Date.parse('2016-01-01T00:00:00Z');
const SPAN_DAYS = 700;
const REFERENCES = ['1.1', '1.2', '2.1', 'NEW 1'];
const CODES = ['R', 'A', 'LG', 'DG', 'X'];
const day = (n: number) => new Date(START + n * DAY).toISOString().slice(0, 10);

type Step =
  | { kind: 'rate'; action: number; code: string; day: number }
  | { kind: 'correct'; action: number; nth: number; code: string }
  | { kind: 'evidence'; action: number; evidence: number; day: number; review: 'accept' | 'reject' | 'none'; reviewAfter: number; erase: boolean }
  | { kind: 'signOff'; action: number; day: number }
  | { kind: 'completeWorkflow'; action: number; day: number }
  | { kind: 'reopen'; action: number; day: number }
  | { kind: 'redact'; action: number; evidence: number; day: number }
  | { kind: 'withdraw'; action: number; day: number }
  | { kind: 'amend'; action: number; day: number; title: string; due: number; priority: number }
  | { kind: 'milestone'; action: number; milestone: number; day: number; status: string; due: number; form: DueForm }
  | { kind: 'addNew'; day: number }
  | { kind: 'amendPriority'; day: number; title: string }
  | { kind: 'scale'; day: number }
  | { kind: 'settings'; day: number; signOffRole?: 'qa' | 'board'; separationOfDuties?: boolean; hold?: number }
  | { kind: 'imported'; what: 'rating' | 'completion' | 'reopening'; action: number; code: string; day: number; reportedBy: boolean }
  | { kind: 'kpi'; kpi: number; day: number; target: number }
  | { kind: 'kpiChange'; kpi: number; day: number; target: number; amberWithin: number; priority: number }
  | { kind: 'kpiValue'; kpi: number; month: number; value: number }
  | { kind: 'kpiCorrect'; kpi: number; nth: number; value: number }
  | { kind: 'shape'; what: 'levels' | 'section' | 'place' | 'recommend' | 'link' | 'unlink' | 'linkAction' | 'unlinkAction' | 'owner'; action: number; n: number; day: number };

const action = fc.nat({ max: REFERENCES.length - 1 });
// KPIs: K0 monthly, higher is better; K1 quarterly, lower is better. Figures in halves, so equal figures ("same") and Amber edges come up.
const kpi = fc.nat({ max: 1 });
const figure = fc.integer({ min: 0, max: 40 }).map((n) => n / 2);
const kpiPeriod = (k: number, month: number) => (k === 0 ? `${2016 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}` : `${2016 + Math.floor(month / 12)}-Q${Math.floor((month % 12) / 3) + 1}`);
/** A milestone's due date in the forms plans write (src/domain/milestone-date.ts): a day, a month, several months, TBC, none. */
type DueForm = 'day' | 'month' | 'months' | 'tbc' | 'none';
const MONTH_NAMES = ['Jan', 'Feb', 'March', 'Apr', 'May', 'June', 'July', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];
function dueAsWritten(form: DueForm, d: number): string | undefined {
  const date = new Date(START + d * DAY);
  const [m, yy] = [date.getUTCMonth(), String(date.getUTCFullYear() % 100).padStart(2, '0')];
  if (form === 'day') return day(d);
  if (form === 'month') return `${MONTH_NAMES[m]} ${yy}`;
  if (form === 'months') return `${MONTH_NAMES[m]}, ${MONTH_NAMES[(m + 2) % 12]} ${yy}`;
  return form === 'tbc' ? 'TBC' : undefined;
}
// Few distinct days, so that several facts often share an effective date (ties are where ordering bugs hide).
const when = fc.nat({ max: 40 }).map((n) => n * 17);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('rate' as const), action, code: fc.constantFrom(...CODES), day: when }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('correct' as const), action, nth: fc.nat({ max: 5 }), code: fc.constantFrom(...CODES) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('evidence' as const),
      action,
      evidence: fc.nat({ max: 2 }),
      day: fc.nat({ max: SPAN_DAYS / 2 }),
      review: fc.constantFrom('accept' as const, 'accept' as const, 'reject' as const, 'none' as const),
      reviewAfter: fc.nat({ max: 90 }),
      erase: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('signOff' as const), action, day: when }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('completeWorkflow' as const), action, day: fc.nat({ max: 20 }).map((n) => n * 17) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const), action, day: when }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('redact' as const), action, evidence: fc.nat({ max: 2 }), day: when }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), action, day: when }) },
  // Sometimes moved to another priority, so that as at an earlier date the actions print in another order.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('amend' as const), action, day: when, title: fc.constantFrom('Reworded', 'Refocused', 'Merged'), due: when, priority: fc.constantFrom(0, 0, 1, 2) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('milestone' as const),
      action,
      milestone: fc.nat({ max: 1 }),
      day: when,
      status: fc.constantFrom('On Track', 'Achieved', 'Completed'),
      due: when,
      form: fc.constantFrom<DueForm>('day', 'month', 'month', 'months', 'tbc', 'none'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('addNew' as const), day: when }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('amendPriority' as const), day: when, title: fc.constantFrom('Workforce (revised)', 'Workforce') }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'scale' as const, day: 0 }).chain((s) => when.map((d) => ({ ...s, day: d }))) },
  // A change of settings, often backdated among the ratings it governs: the sign-off role, four eyes, a hold (0 ends it).
  {
    weight: 1,
    arbitrary: fc.record(
      { kind: fc.constant('settings' as const), day: when, signOffRole: fc.constantFrom('qa' as const, 'board' as const), separationOfDuties: fc.boolean(), hold: fc.constantFrom(0, 1, 2) },
      { requiredKeys: ['kind', 'day'] },
    ),
  },
  // A plan file's history, recorded as imported: ratings, completions (no sign-off, no evidence) and reopenings.
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('imported' as const), what: fc.constantFrom('rating' as const, 'completion' as const, 'completion' as const, 'reopening' as const), action, code: fc.constantFrom(...CODES), day: when, reportedBy: fc.boolean() }),
  },
  // KPIs: defined (mostly from the plan's start), changed (target, Amber band, priority), a figure a period, corrections.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('kpi' as const), kpi, day: fc.constantFrom(0, 0, 17, 100), target: figure }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('kpiChange' as const), kpi, day: when, target: figure, amberWithin: fc.constantFrom(0, 1, 2.5), priority: fc.constantFrom(1, 2) }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('kpiValue' as const), kpi, month: fc.nat({ max: 22 }), value: figure }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('kpiCorrect' as const), kpi, nth: fc.nat({ max: 5 }), value: figure }) },
  // The plan's words and shape: levels renamed, sections, recommendations linked to groups and actions and unlinked, an SRO.
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('shape' as const),
      what: fc.constantFrom('levels' as const, 'section' as const, 'place' as const, 'recommend' as const, 'link' as const, 'unlink' as const, 'linkAction' as const, 'unlinkAction' as const, 'owner' as const),
      action,
      n: fc.nat({ max: 2 }),
      day: when,
    }),
  },
);

/** When the plan took effect as known at knownAt, from the raw events: its PlanCreated's effective date, if recorded by then. */
function beganInReplay(events: EventEnvelope[], knownAt: string): string | undefined {
  return events.find((e) => e.type === 'PlanCreated' && e.metadata.recordedAt <= knownAt)?.metadata.effectiveAt;
}

describe('property: read models answer every report exactly as a replay of the raw events', () => {
  let h: CommandHarness;
  let reader: PlanFactsReader;
  let kpis: KpiFactsReader;
  let planNumber = 0;

  beforeAll(async () => {
    h = await commandHarness('property');
    reader = h.get(PlanFactsReader);
    kpis = h.get(KpiFactsReader);
  });
  afterAll(() => h.close());

  async function attempt(run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      // Refused commands are part of the story: they must append nothing, which the comparison checks.
      if (!(error instanceof DomainError) && !(error instanceof ConcurrencyError)) throw error;
      if (process.env.DEBUG_PROPERTY) process.stdout.write(`refused: ${(error as Error).message}\n`);
    }
  }

  async function play(planId: string, steps: Step[], afterStep: () => Promise<void> = async () => undefined): Promise<void> {
    const send = (type: new (input: unknown, by: c.IssuedBy) => object, input: Record<string, unknown>, as: ActorName) => attempt(() => h.send(type as never, input, as));
    const backdated = (d: number) => ({ effectiveAt: day(d), reason: `entered late for ${day(d)}` });
    await send(c.CreatePlanCommand, { planId, title: 'Plan', council: 'Council', scale: 'sunderland-5', minimumHold: planNumber % 2 ? { code: 'DG', months: 2 } : undefined, ...backdated(0) }, 'board');
    await send(c.AddPriorityCommand, { planId, number: 1, title: 'Workforce', ...backdated(0) }, 'board');
    await send(c.AddPriorityCommand, { planId, number: 2, title: 'Early help', outcome: 'Coherent early help', ...backdated(0) }, 'board');
    await send(c.RecordReportingPointCommand, { planId, label: 'Mid', date: day(SPAN_DAYS / 2), ...backdated(1) }, 'board');
    for (const reference of REFERENCES.slice(0, 3)) {
      await send(c.AddActionCommand, { planId, reference, priorityNumber: Number(reference[0]), title: `Action ${reference}`, dueDate: day(300), initialRating: 'A', ...backdated(0) }, 'board');
    }
    // Two KPIs from the start (K1 a little later, so figures for its first periods are refused); a 'kpi' step defines one again (refused).
    for (const k of [0, 1]) {
      await send(c.DefineKpiCommand, { planId, kpiId: `K${k}`, priorityNumber: k + 1, name: `Measure ${k}`, unit: k ? 'days' : '%', target: 10, betterWhen: k ? 'lower' : 'higher', amberWithin: 2, period: k ? 'quarterly' : 'monthly', ...backdated(k * 17) }, 'board');
    }
    await afterStep();
    for (const s of steps) {
      const ref = { planId, reference: REFERENCES[(s as { action?: number }).action ?? 3] };
      switch (s.kind) {
        case 'rate':
          await send(c.ChangeRatingCommand, { ...ref, code: s.code, commentary: `update ${s.day}`, ...backdated(s.day) }, 'lead');
          break;
        case 'correct': {
          const ratings = (await h.store.readStream(`action-${planId}/${ref.reference.toLowerCase().replace(/ /g, '_')}`)).filter((e) => e.type === 'RatingChanged');
          const target = ratings[s.nth % Math.max(ratings.length, 1)];
          if (target) await send(c.CorrectRatingCommand, { ...ref, correctsEventId: target.eventId, code: s.code, reason: 'typed in error' }, 'lead');
          break;
        }
        case 'evidence':
          await send(c.SubmitEvidenceCommand, { ...ref, evidenceId: `ev-${s.evidence}`, title: `Audit ${s.evidence}`, fileHash: 'a'.repeat(63) + s.evidence, ...backdated(s.day) }, 'lead');
          if (s.review !== 'none') {
            await send(s.review === 'accept' ? c.AcceptEvidenceCommand : c.RejectEvidenceCommand, { ...ref, evidenceId: `ev-${s.evidence}`, ...backdated(s.day + s.reviewAfter) }, 'qa');
          }
          if (s.erase) await send(c.RedactEvidenceCommand, { ...ref, evidenceId: `ev-${s.evidence}`, ...backdated(s.day + s.reviewAfter) }, 'admin');
          break;
        case 'signOff':
          await send(c.SignOffCompletionCommand, { ...ref, commentary: 'Completed and evidenced', ...backdated(s.day) }, 'qa');
          break;
        case 'completeWorkflow':
          // Rated DG, evidenced and accepted, then signed off once the hold has run: the happy path, at a random date.
          await send(c.ChangeRatingCommand, { ...ref, code: 'DG', ...backdated(s.day) }, 'lead');
          await send(c.SubmitEvidenceCommand, { ...ref, evidenceId: `ev-w${s.day}`, title: 'Audit', ...backdated(s.day) }, 'lead');
          await send(c.AcceptEvidenceCommand, { ...ref, evidenceId: `ev-w${s.day}`, ...backdated(s.day + 17) }, 'qa');
          await send(c.SignOffCompletionCommand, { ...ref, ...backdated(s.day + 68) }, 'qa');
          break;
        case 'redact':
          await send(c.RedactEvidenceCommand, { ...ref, evidenceId: `ev-${s.evidence}`, ...backdated(s.day) }, 'admin');
          break;
        case 'reopen':
          await send(c.ReopenActionCommand, { ...ref, ...backdated(s.day) }, 'qa');
          break;
        case 'withdraw':
          await send(c.WithdrawActionCommand, { ...ref, ...backdated(s.day) }, 'board');
          break;
        case 'amend':
          await send(
            c.AmendActionCommand,
            { ...ref, title: s.title, dueDate: day(s.due), lead: `Lead ${s.due % 3}`, ...(s.due % 2 ? { leadUser: `lead.${s.due % 3}` } : {}), ...(s.priority ? { priorityNumber: s.priority } : {}), ...backdated(s.day) },
            'board',
          );
          break;
        case 'milestone':
          await send(c.AddMilestoneCommand, { ...ref, milestoneId: `m${s.milestone}`, title: `Milestone ${s.milestone}`, dueDate: dueAsWritten(s.form, s.due), ...backdated(s.day) }, 'board');
          await send(c.ChangeMilestoneStatusCommand, { ...ref, milestoneId: `m${s.milestone}`, status: s.status, ...backdated(Math.min(SPAN_DAYS, s.day + 10)) }, 'lead');
          break;
        case 'addNew':
          await send(c.AddActionCommand, { planId, reference: 'NEW 1', priorityNumber: 2, title: 'A new action', ...backdated(s.day) }, 'board');
          break;
        case 'amendPriority':
          await send(c.AmendPriorityCommand, { planId, number: 1, title: s.title, ...backdated(s.day) }, 'board');
          break;
        case 'imported': {
          const imported = { file: 'plan.csv', sha256: 'b'.repeat(64), reportedOn: day(s.day), ...(s.reportedBy ? { reportedBy: 'Improvement Board' } : {}) };
          const type = s.what === 'rating' ? c.ImportRatingCommand : s.what === 'completion' ? c.ImportCompletionCommand : c.ImportReopeningCommand;
          await send(type, { ...ref, imported, ...(s.what === 'rating' ? { code: s.code } : {}), effectiveAt: day(s.day), reason: 'Imported from plan.csv' }, 'board');
          break;
        }
        case 'kpi':
          await send(
            c.DefineKpiCommand,
            { planId, kpiId: `K${s.kpi}`, priorityNumber: s.kpi + 1, name: `Measure ${s.kpi}`, unit: s.kpi ? 'days' : '%', target: s.target, betterWhen: s.kpi ? 'lower' : 'higher', amberWithin: 2, period: s.kpi ? 'quarterly' : 'monthly', ...backdated(s.day) },
            'board',
          );
          break;
        case 'kpiChange':
          await send(c.ChangeKpiCommand, { planId, kpiId: `K${s.kpi}`, target: s.target, amberWithin: s.amberWithin, priorityNumber: s.priority, ...backdated(s.day) }, 'board');
          break;
        case 'kpiValue':
          await send(c.RecordKpiValueCommand, { planId, kpiId: `K${s.kpi}`, period: kpiPeriod(s.kpi, s.month), value: s.value, ...(s.month % 2 ? { commentary: `month ${s.month}` } : {}) }, 'lead');
          break;
        case 'kpiCorrect': {
          const figures = (await h.store.readStream(kpiStreamId(planId, `K${s.kpi}`))).filter((e) => e.type === 'KpiValueRecorded' || e.type === 'KpiValueCorrected');
          const target = figures[s.nth % Math.max(figures.length, 1)];
          if (target) await send(c.CorrectKpiValueCommand, { planId, kpiId: `K${s.kpi}`, correctsEventId: target.eventId, value: s.value, ...(s.nth % 2 ? { commentary: 'revised' } : {}), reason: 'figure revised' }, 'lead');
          break;
        }
        case 'shape': {
          const at = backdated(s.day);
          const recommendation = String(s.n + 1);
          if (s.what === 'levels') {
            const names = [{ preset: 'workstream/project' }, { preset: 'outcome/action', sectionSingular: 'theme', sectionPlural: 'themes' }, { groupSingular: 'key line of enquiry', groupPlural: 'key lines of enquiry', itemSingular: 'task', itemPlural: 'tasks' }];
            await send(c.NameLevelsCommand, { planId, ...names[s.n], ...at }, 'board');
          }
          // A link needs its recommendation on record, and a placing its section: recorded first (refused, appending nothing, when already there).
          if (['link', 'linkAction', 'unlink', 'unlinkAction', 'recommend'].includes(s.what)) await send(c.RecordRecommendationCommand, { planId, number: s.what.startsWith('unlink') ? '1' : recommendation, text: 'Recommendation', ...backdated(s.day % 2 ? s.day : 0) }, 'board');
          if (['place', 'section'].includes(s.what)) await send(c.AddSectionCommand, { planId, number: s.n + 1, title: `Section ${s.n + 1}`, ...backdated(s.day % 2 ? s.day : 0) }, 'board');
          if (s.what === 'section') await send(c.AddSectionCommand, { planId, number: s.n + 1, title: `Section ${s.n + 1}`, ...at }, 'board');
          if (s.what === 'place') await send(c.PlaceGroupInSectionCommand, { planId, priorityNumber: (s.action % 2) + 1, section: s.n + 1, ...at }, 'board');
          if (s.what === 'link') await send(c.LinkRecommendationCommand, { planId, priorityNumber: (s.action % 2) + 1, recommendation, ...at }, 'board');
          // Linked, then unlinked a little later: a link in force for a while, then not.
          if (s.what === 'unlink') {
            await send(c.LinkRecommendationCommand, { planId, priorityNumber: (s.action % 2) + 1, recommendation: '1', ...at }, 'board');
            await send(c.UnlinkRecommendationCommand, { planId, priorityNumber: (s.action % 2) + 1, recommendation: '1', ...backdated(Math.min(SPAN_DAYS, s.day + 17)) }, 'board');
          }
          if (s.what === 'linkAction') await send(c.LinkActionRecommendationCommand, { ...ref, recommendation, ...at }, 'board');
          // Linked, then unlinked a little later: a link in force for a while, then not.
          if (s.what === 'unlinkAction') {
            await send(c.LinkActionRecommendationCommand, { ...ref, recommendation: '1', ...at }, 'board');
            await send(c.UnlinkActionRecommendationCommand, { ...ref, recommendation: '1', ...backdated(Math.min(SPAN_DAYS, s.day + 17)) }, 'board');
          }
          if (s.what === 'owner') await send(c.AmendActionCommand, { ...ref, seniorOwner: `Director ${s.n}`, ...at }, 'board');
          break;
        }
        case 'scale':
          await send(c.DefineRagScaleCommand, { planId, scale: { name: 'relabelled', codes: [{ code: 'TBC', label: 'TBC', colour: '#ccc', unrated: true }, { code: 'R', label: 'Red', colour: '#f00' }, { code: 'A', label: 'Amber', colour: '#fa0' }, { code: 'LG', label: 'Light Green', colour: '#8b4', onTrack: true }, { code: 'DG', label: 'Dark Green', colour: '#050', onTrack: true }, { code: 'C', label: 'Completed', colour: '#00f', terminal: true, onTrack: true }] }, ...backdated(s.day) }, 'board');
          break;
        case 'settings': {
          const hold = s.hold === undefined ? {} : { minimumHold: s.hold === 0 ? null : { code: 'DG', months: s.hold } };
          await send(c.ChangePlanSettingsCommand, { planId, ...(s.signOffRole ? { signOffRole: s.signOffRole } : {}), ...(s.separationOfDuties !== undefined ? { separationOfDuties: s.separationOfDuties } : {}), ...hold, ...backdated(s.day) }, 'board');
          break;
        }
      }
      await afterStep();
    }
  }

  const stats = { runs: 0, events: 0, comparisons: 0, actionsCompared: 0, kpiRows: 0, kpiFigures: 0, milestoneLines: 0, types: new Set<string>() };

  it('agrees for random histories and random (asOf, knownAt)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 35 }), fc.array(fc.tuple(fc.nat({ max: SPAN_DAYS + 2 }), fc.nat(), fc.nat({ max: SPAN_DAYS })), { minLength: 4, maxLength: 8 }), async (steps, probes) => {
        const planId = `prop-${++planNumber}`;
        await play(planId, steps);
        const events: EventEnvelope[] = [];
        for (let after = 0; ; ) {
          const page = await h.store.readAll({ after, limit: 5000 });
          if (page.length === 0) break;
          events.push(...page.filter((e) => (e.data as { planId?: string }).planId === planId));
          after = page[page.length - 1].globalPosition;
        }
        await h.projector.start();
        await h.projector.caughtUp();
        const recordedTimes = [...new Set(events.map((e) => e.metadata.recordedAt))].sort();
        stats.runs += 1;
        stats.events += events.length;
        stats.types = new Set([...stats.types, ...events.map((e) => e.type)]);
        for (const [asOfDay, knownPick, earlierDay] of probes) {
          // knownAt lands on (or just before) a real recording instant, so corrections and backdated entries are straddled.
          const recorded = recordedTimes[knownPick % recordedTimes.length];
          const knownAt = knownPick % 3 === 0 ? new Date(Date.parse(recorded) - 1).toISOString() : recorded;
          const asOf = new Date(START + asOfDay * DAY + (asOfDay % 2 ? DAY - 1 : 0)).toISOString();
          const earlier = new Date(START + Math.min(earlierDay, asOfDay) * DAY).toISOString();
          const fromModels = await reader.planAsAt(planId, asOf, knownAt);
          const fromReplay = replayPlan(events, planId, asOf, knownAt);
          expect(fromModels).toEqual(fromReplay);
          // When the plan took effect as known then, and (for an action's history) its words, from the timeline's few groups.
          expect(await reader.planBegan(planId, knownAt)).toEqual(beganInReplay(events, knownAt));
          if (!fromModels || !fromReplay) continue;
          expect(await reader.wordsAt(planId, asOf, knownAt)).toEqual(fromReplay.words);
          // The KPI table: definitions, figures (corrections applied), previous and current, direction, RAG.
          const kpisFromModels = kpis.tableAt(fromModels, asOf, knownAt);
          expect(kpisFromModels).toEqual(replayKpis(events, planId, asOf, knownAt));
          stats.kpiRows += kpisFromModels.kpis.length;
          stats.kpiFigures += kpisFromModels.kpis.reduce((n, k) => n + k.values.length, 0);
          stats.comparisons += 1;
          stats.actionsCompared += fromModels.actions.length;
          const earlierModels = (await reader.planAsAt(planId, earlier, knownAt)) as PlanSnapshot;
          const earlierReplay = replayPlan(events, planId, earlier, knownAt) as PlanSnapshot;
          expect(earlierModels).toEqual(earlierReplay);
          const reports = (a: PlanSnapshot, b: PlanSnapshot) => ({
            ragSummary: ragSummary(a, b, ['Previous', 'Current']),
            previousVsCurrent: previousVsCurrent(a, b, ['Previous', 'Current']),
            completionRegister: completionRegister(b),
            dueBy: dueBy(b, asOf.slice(0, 10)),
            addedBetween: addedBetween(b, earlier, asOf),
            overdue: overdue(b),
            ragTable: ragTable(b, 'Current', { label: 'Previous', asOf: earlier, chosen: 'given' }),
            dueBetween: dueBetween(b, earlier.slice(0, 10), asOf.slice(0, 10)),
            milestonesDue: milestonesDue(b, earlier.slice(0, 10), asOf.slice(0, 10)),
            // Every dated milestone: the whole span as the window, so their order (by date, TBC never) is compared too.
            milestonesDueAnyTime: milestonesDue(b, day(0), day(SPAN_DAYS * 2)),
            milestonesOverdue: milestonesOverdue(b),
            milestonesCompleted: milestonesCompleted(a, b),
          });
          const milestoneLines = reports(earlierReplay, fromReplay);
          stats.milestoneLines += milestoneLines.milestonesDueAnyTime.due.length + milestoneLines.milestonesOverdue.overdue.length + milestoneLines.milestonesCompleted.completed.length;
          expect(reports(earlierModels, fromModels)).toEqual(reports(earlierReplay, fromReplay));
          // The ratings-only reading the comparison reports use (evidence and milestones not searched) gives the same tables.
          const ratingsEarlier = (await reader.ratingsAsAt(planId, earlier, knownAt))!;
          const ratingsNow = (await reader.ratingsAsAt(planId, asOf, knownAt))!;
          expect(ragSummary(ratingsEarlier, ratingsNow, ['Previous', 'Current'])).toEqual(ragSummary(earlierReplay, fromReplay, ['Previous', 'Current']));
          expect(previousVsCurrent(ratingsEarlier, ratingsNow, ['Previous', 'Current'])).toEqual(previousVsCurrent(earlierReplay, fromReplay, ['Previous', 'Current']));
          const since = { label: 'Previous', asOf: earlier, chosen: 'given' as const };
          expect(ragTable(ratingsNow, 'Current', since)).toEqual(ragTable(fromReplay, 'Current', since));
        }
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 100), endOnFailure: true },
    );
    process.stdout.write(`property test: ${stats.runs} histories, ${stats.events} events, ${stats.comparisons} (asOf, knownAt) probes with a plan, ${stats.actionsCompared} action snapshots compared, ${stats.kpiRows} KPI rows with ${stats.kpiFigures} figures, ${stats.milestoneLines} milestone report lines; event types seen: ${[...stats.types].sort().join(', ')}\n`);
    // Guard against a vacuous pass: the histories must really exercise the clocks and the workflow.
    expect(stats.comparisons).toBeGreaterThan(stats.runs);
    for (const type of ['RatingChanged', 'RatingCorrected', 'EvidenceAccepted', 'EvidenceRejected', 'EvidenceRedacted', 'ActionCompleted', 'CompletionImported', 'ActionReopened', 'ActionWithdrawn', 'ActionAmended', 'MilestoneStatusChanged', 'PlanSettingsChanged', 'KpiDefined', 'KpiChanged', 'KpiValueRecorded', 'KpiValueCorrected', 'PlanLevelsNamed', 'SectionAdded', 'GroupPlacedInSection', 'RecommendationRecorded', 'RecommendationLinked', 'RecommendationUnlinked', 'ActionRecommendationLinked', 'ActionRecommendationUnlinked']) expect(stats.types).toContain(type);
    expect(stats.kpiFigures).toBeGreaterThan(stats.runs);
    // The milestone reports were not all empty: due, overdue and completed lines were compared (a milestone is
    // one step in twelve, and visible only to probes after it, so about one probe in ten shows one).
    expect(stats.milestoneLines).toBeGreaterThan(stats.runs / 4);
  }, 300000);
  /**
   * The same oracle with writes and reads interleaved: the plan is read after every step, so its
   * timeline is held in memory from the first read on and every later fact is taken into it where it
   * belongs (backdated, corrected, a new action, a new evidence item) instead of a reload. After each
   * step it must answer as a replay of the events so far, at a random (asOf, knownAt), and be the same
   * timeline object as before (taken in, not reloaded).
   */
  const interleaved = { runs: 0, steps: 0, comparisons: 0, reloads: 0 };

  it('agrees after every write, with the plan read between writes from the timeline it keeps', async () => {
    const timelines = h.get(PlanTimelines);
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 35 }), fc.array(fc.tuple(fc.nat({ max: SPAN_DAYS + 2 }), fc.nat()), { minLength: 4, maxLength: 12 }), async (steps, probes) => {
        const planId = `prop-${++planNumber}`;
        const events: EventEnvelope[] = [];
        let after = await h.store.headPosition();
        let held: unknown;
        let turn = 0;
        await play(planId, steps, async () => {
          await h.projector.start();
          await h.projector.caughtUp();
          const before = events.length;
          for (;;) {
            const page = await h.store.readAll({ after, limit: 5000 });
            if (page.length === 0) break;
            events.push(...page.filter((e) => (e.data as { planId?: string }).planId === planId));
            after = page[page.length - 1].globalPosition;
          }
          interleaved.steps += 1;
          if (events.length === 0) return;
          const [asOfDay, knownPick] = probes[turn++ % probes.length];
          const recordedTimes = [...new Set(events.map((e) => e.metadata.recordedAt))].sort();
          // Half the time as known now (what a reader after a write asks), else at or just before a recording instant.
          const recorded = recordedTimes[knownPick % recordedTimes.length];
          const knownAt = knownPick % 2 === 0 ? new Date().toISOString() : knownPick % 3 === 0 ? new Date(Date.parse(recorded) - 1).toISOString() : recorded;
          const now = new Date().toISOString();
          // A random date, and where this step's facts took effect (just before, at, and a day after): a backdated fact
          // taken into the wrong place in its group shows there.
          const asOfs = [new Date(START + asOfDay * DAY + (asOfDay % 2 ? DAY - 1 : 0)).toISOString()];
          for (const e of events.slice(before)) {
            const at = Date.parse(e.metadata.effectiveAt);
            asOfs.push(new Date(at - 1).toISOString(), e.metadata.effectiveAt, new Date(at + DAY).toISOString());
          }
          for (const asOf of asOfs) {
            for (const known of asOf === asOfs[0] ? [knownAt, now] : [now]) {
              const replayed = replayPlan(events, planId, asOf, known);
              const fromModels = await reader.planAsAt(planId, asOf, known);
              expect(fromModels).toEqual(replayed);
              expect(await reader.planBegan(planId, known)).toEqual(beganInReplay(events, known));
              if (replayed) expect(await reader.wordsAt(planId, asOf, known)).toEqual(replayed.words);
              expect(fromModels && kpis.tableAt(fromModels, asOf, known)).toEqual(replayed && replayKpis(events, planId, asOf, known));
              const ratings = await reader.ratingsAsAt(planId, asOf, known);
              expect(ratings && ragSummary(ratings, ratings, ['Previous', 'Current'])).toEqual(replayed && ragSummary(replayed, replayed, ['Previous', 'Current']));
              interleaved.comparisons += 1;
            }
          }
          const timeline = await timelines.timelineOf(planId);
          if (held !== undefined && timeline !== held) interleaved.reloads += 1;
          held = timeline;
        });
        interleaved.runs += 1;
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 100), endOnFailure: true },
    );
    process.stdout.write(`property test, interleaved: ${interleaved.runs} histories, ${interleaved.steps} steps of writes each followed by reads, ${interleaved.comparisons} reads compared with the replay, ${interleaved.reloads} timelines reloaded\n`);
    expect(interleaved.comparisons).toBeGreaterThan(interleaved.runs * 5);
    // Every fact after the first read was taken into the timeline held, never by loading the plan again.
    expect(interleaved.reloads).toBe(0);
  }, 600000);
});
