import { ActionCommand } from '../src/domain/action/action.commands';
import { decideAction, evolveAction, initialActionState } from '../src/domain/action/action.decider';
import { ActionState } from '../src/domain/action/action.state';
import { actionStreamId, planStreamId } from '../src/domain/identifiers';
import { PlanCommand } from '../src/domain/plan/plan.commands';
import { decidePlan, evolvePlan, initialPlanState, PlanState } from '../src/domain/plan/plan.decider';
import { ActorRef } from '../src/domain/roles';
import { NewEvent } from '../src/event-store/envelope';
import { StreamAppend } from '../src/event-store/event-store.port';
import { IssuedBy } from '../src/commands/shared/issued-by';
import { foldNewEvents, toNewEvents } from '../src/commands/shared/record-decision';
import { pick, seededRandom } from './random';

/**
 * A synthetic but realistic history: councils' plans of ~100 actions, rated
 * monthly for five years with commentary, the odd correction, evidence
 * submitted and reviewed, sign-offs, milestones and new actions. Every event is
 * decided by the real deciders, so the dataset obeys the same rules as live use.
 */
export interface DatasetShape {
  plans: number;
  actionsPerPlan: number;
  months: number;
  seed: number;
}

const START = Date.UTC(2020, 0, 1);
const BOARD: ActorRef = { id: 'board.chair', role: 'board' };
const LEAD: ActorRef = { id: 'lead.jo', role: 'lead' };
const QA: ActorRef = { id: 'qa.sam', role: 'qa' };
export const COMMENTARY = [
  'Update from service: performance data shows steady improvement; audits scheduled for next quarter.',
  'Recruitment remains challenging; two posts filled with permanent staff this month.',
  'Themed audit completed; 13 of 18 cases graded good. Further audit planned.',
  'Slippage against timescale owing to system migration; recovery plan agreed.',
  'Improvement sustained for three months; evidence being collated for QA.',
];

/**
 * A little under the ~7,000 events one plan produces (seed 2017), so asking for N
 * events gives at least N: 1,000,000 is 150 plans, one per council.
 */
export const EVENTS_PER_PLAN_ESTIMATE = 6_667;

export function shapeFor(targetEvents: number, seed: number): DatasetShape {
  const plans = Math.max(1, Math.round(targetEvents / EVENTS_PER_PLAN_ESTIMATE));
  return { plans, actionsPerPlan: 100, months: 60, seed };
}

/** The plan of the n-th council (0-based): council-001, council-002, … */
export const planIdOf = (planNumber: number) => `council-${String(planNumber + 1).padStart(3, '0')}`;

/** The references every plan starts with: 1.1 … 7.15, the way councils number actions within priorities. */
export const startingReferences = (shape: DatasetShape) => Array.from({ length: shape.actionsPerPlan }, (_, a) => `${1 + (a % 7)}.${1 + Math.floor(a / 7)}`);

const day = (month: number, dayOfMonth: number) => new Date(START + (month * 30.4 + dayOfMonth) * 86_400_000).toISOString().slice(0, 10);

/**
 * One plan's history, as the appends that write it: one list per year of the history (the plan
 * stream, then each action stream with events that year), each following on from the year before.
 * Appended year by year, the events carry different recordedAt instants, so "as known at" questions
 * about the bulk-loaded history can cut it somewhere (bench/as-of-queries.ts).
 */
export function generatePlan(planNumber: number, shape: DatasetShape, now: Date): StreamAppend[][] {
  const random = seededRandom(shape.seed * 100_003 + planNumber);
  const planId = planIdOf(planNumber);
  const by = (actor: ActorRef): IssuedBy => ({ actor, source: 'import', correlationId: `bench-${planId}` });
  const reason = 'Benchmark history';

  // The year of the history being decided: each event is recorded with the year it was decided in.
  let year = 0;
  let plan: PlanState = initialPlanState();
  const planEvents: YearEvent[] = [];
  const onPlan = (command: PlanCommand) => {
    const recorded = toNewEvents(decidePlan(command, plan, { actor: BOARD, now }), by(BOARD));
    planEvents.push(...recorded.map((event) => ({ event, year })));
    plan = foldNewEvents(plan, recorded, evolvePlan);
  };
  onPlan({ type: 'CreatePlan', planId, title: `Improvement plan ${planNumber + 1}`, council: `Council ${planNumber + 1}`, scale: 'rag-completed', signOffRole: 'qa', effectiveAt: day(0, 0), reason });
  for (let p = 1; p <= 7; p++) onPlan({ type: 'AddPriority', number: p, title: `Priority ${p}`, outcome: `Outcome of priority ${p}`, effectiveAt: day(0, 0), reason });
  const years = Math.ceil(shape.months / 12);
  for (let board = 0; board < years; board++) {
    onPlan({ type: 'RecordReportingPoint', label: `Board ${2020 + board}`, date: day(board * 12 + 11, 20), effectiveAt: day(board * 12 + 11, 20), reason });
  }

  const actions: { reference: string; state: ActionState; events: YearEvent[]; addedMonth: number }[] = [];
  const addAction = (reference: string, month: number) => {
    const entry = { reference, state: initialActionState(), events: [] as YearEvent[], addedMonth: month };
    actions.push(entry);
    act(entry, BOARD, {
      type: 'AddAction',
      reference,
      priorityNumber: 1 + Math.floor(random() * 7),
      ofstedReference: random() < 0.4 ? `Ofsted ${1 + Math.floor(random() * 25)}` : undefined,
      title: `Action ${reference}: improve the quality and timeliness of practice`,
      successMeasures: '90% of cases meet the standard; to be evidenced through performance information',
      lead: pick(random, ['Director of Children’s Social Care', 'Principal Social Worker', 'Head of Early Help', 'QA Manager']),
      dueDate: day(month + 6 + Math.floor(random() * 30), 0),
      initialRating: pick(random, ['R', 'A', 'A', 'G']),
      effectiveAt: day(month, 1),
      reason,
    });
  };
  const act = (entry: (typeof actions)[number], actor: ActorRef, command: ActionCommand): boolean => {
    try {
      const recorded = toNewEvents(decideAction(command, entry.state, { actor, now, plan }), by(actor));
      entry.events.push(...recorded.map((event) => ({ event, year })));
      entry.state = foldNewEvents(entry.state, recorded, evolveAction);
      return true;
    } catch {
      return false; // a move the rules refuse (e.g. signing off too early) is simply not part of the history
    }
  };
  for (const reference of startingReferences(shape)) addAction(reference, 0);

  let newCount = 0;
  for (let month = 1; month < shape.months; month++) {
    year = Math.floor(month / 12);
    if (random() < 0.3) addAction(`NEW ${++newCount}`, month);
    for (const entry of actions) {
      if (entry.addedMonth >= month || entry.state.status === 'withdrawn') continue;
      const when = { effectiveAt: day(month, 5 + Math.floor(random() * 20)), reason };
      if (entry.state.status === 'completed') {
        if (random() < 0.01) act(entry, QA, { type: 'ReopenAction', ...when, reason: 'Audit found the improvement not sustained' });
        continue;
      }
      if (random() < 0.9) act(entry, LEAD, { type: 'ChangeRating', code: pick(random, ['R', 'A', 'G', 'G', 'G']), commentary: pick(random, COMMENTARY), ...when });
      const last = entry.state.ratings?.entry;
      if (random() < 0.02 && last) {
        act(entry, LEAD, { type: 'CorrectRating', correctsEventId: last.eventId, code: last.code === 'G' ? 'A' : 'G', reason: 'Rating entered against the wrong action' });
      }
      const pending = Object.values(entry.state.evidence).find((e) => e.status === 'submitted');
      if (pending && random() < 0.8) {
        if (random() < 0.8) act(entry, QA, { type: 'AcceptEvidence', evidenceId: pending.evidenceId, ...when });
        else act(entry, QA, { type: 'RejectEvidence', evidenceId: pending.evidenceId, ...when, reason: 'Evidence does not cover the full quarter' });
      } else if (random() < 0.1) {
        const evidenceId = `ev-${month}`;
        act(entry, LEAD, { type: 'SubmitEvidence', evidenceId, title: `Audit report, month ${month}`, description: 'Case file audit results', fileHash: (planNumber * 7919 + month).toString(16).padStart(64, '0'), ...when });
      }
      if (random() < 0.008 && Object.values(entry.state.evidence).some((e) => e.status === 'accepted')) {
        act(entry, QA, { type: 'SignOffCompletion', commentary: 'Completed and evidenced', ...when });
      }
      if (random() < 0.05) act(entry, BOARD, { type: 'AddMilestone', milestoneId: `m${month}`, title: 'Deliver the training programme', dueDate: day(month + 3, 0), lead: 'Workforce Development', ...when });
      const milestones = Object.values(entry.state.milestones);
      if (milestones.length > 0 && random() < 0.05) {
        act(entry, LEAD, { type: 'ChangeMilestoneStatus', milestoneId: pick(random, milestones).milestoneId, status: pick(random, ['On Track', 'Achieved', 'Delayed']), ...when });
      }
    }
  }
  const streams = [{ streamId: planStreamId(planId), events: planEvents }, ...actions.map((entry) => ({ streamId: actionStreamId(planId, entry.reference), events: entry.events }))];
  return Array.from({ length: years }, (_, y) =>
    streams.flatMap(({ streamId, events }) => {
      const before = events.filter((e) => e.year < y).length;
      const those = events.filter((e) => e.year === y).map((e) => e.event);
      // A stream's version is the 0-based number of its last event: -1 (none yet) before its first.
      return those.length === 0 ? [] : [{ streamId, expectedVersion: before - 1, events: those }];
    }),
  );
}

interface YearEvent {
  event: NewEvent;
  year: number;
}
