import { INestApplicationContext } from '@nestjs/common';
import { decideAction, evolveAction, initialActionState } from '../src/domain/action/action.decider';
import { ActionState } from '../src/domain/action/action.state';
import { actionStreamId, planStreamId } from '../src/domain/identifiers';
import { PlanCommand } from '../src/domain/plan/plan.commands';
import { decidePlan, evolvePlan, initialPlanState, PlanState } from '../src/domain/plan/plan.decider';
import { ActorRef } from '../src/domain/roles';
import { NewEvent } from '../src/event-store/envelope';
import { EVENT_STORE, EventStore, StreamAppend } from '../src/event-store/event-store.port';
import { IssuedBy } from '../src/commands/shared/issued-by';
import { foldNewEvents, toNewEvents } from '../src/commands/shared/record-decision';
import { COMMENTARY } from './dataset';
import { pick, seededRandom } from './random';

/** The example plan's shape: 67 actions over 7 priorities. */
export const SIZED_PLAN_ACTIONS = 67;
export const sizedPlanId = (facts: number) => `sized-${facts >= 1000 ? `${Math.round(facts / 1000)}k` : facts}`;
export const sizedPlanReferences = () => Array.from({ length: SIZED_PLAN_ACTIONS }, (_, a) => `${1 + (a % 7)}.${1 + Math.floor(a / 7)}`);

const BOARD: ActorRef = { id: 'board.chair', role: 'board' };
const LEAD: ActorRef = { id: 'lead.jo', role: 'lead' };
/** Facts an action starts with (added, open, and its details): ratings make up the rest. */
const FACTS_PER_NEW_ACTION = 9;

/**
 * A plan of the example's shape (67 actions) whose history has grown to about `facts` facts in
 * the read models: the actions, then ratings round the actions, each effective a little after
 * the one before, from 2018 until a day ago. Decided by the real deciders and appended in
 * transactions of a few thousand events, so a plan of 100,000 facts is written in seconds
 * rather than the minutes its ratings would take one request at a time. The exact number of
 * facts is read back from the read models once projected (see bench/mixed-day.ts).
 */
export async function writeSizedPlan(app: INestApplicationContext, facts: number, now: Date, seed: number): Promise<{ planId: string; events: number }> {
  const store = app.get<EventStore>(EVENT_STORE);
  const random = seededRandom(seed * 31 + facts);
  const planId = sizedPlanId(facts);
  // Already written on this folder (a kept one, run again): the same history, so keep it.
  if ((await store.readStream(planStreamId(planId))).length > 0) return { planId, events: 0 };
  const by = (actor: ActorRef): IssuedBy => ({ actor, source: 'import', correlationId: `bench-${planId}` });
  const reason = 'Benchmark history';
  let plan: PlanState = initialPlanState();
  const planEvents: NewEvent[] = [];
  const onPlan = (command: PlanCommand) => {
    const recorded = toNewEvents(decidePlan(command, plan, { actor: BOARD, now }), by(BOARD));
    planEvents.push(...recorded);
    plan = foldNewEvents(plan, recorded, evolvePlan);
  };
  onPlan({ type: 'CreatePlan', planId, title: `A plan of ${facts.toLocaleString()} facts`, council: 'Benchmark', scale: 'rag-completed', signOffRole: 'qa', effectiveAt: '2018-01-01', reason });
  for (let p = 1; p <= 7; p++) onPlan({ type: 'AddPriority', number: p, title: `Priority ${p}`, effectiveAt: '2018-01-01', reason });
  for (let year = 2018; year < now.getUTCFullYear(); year++) onPlan({ type: 'RecordReportingPoint', label: `Board ${year}`, date: `${year}-12-20`, effectiveAt: `${year}-12-20`, reason });
  const appends: StreamAppend[] = [{ streamId: planStreamId(planId), expectedVersion: -1, events: planEvents }];

  const actions: { streamId: string; state: ActionState; version: number; pending: NewEvent[] }[] = [];
  for (const reference of sizedPlanReferences()) {
    const entry = { streamId: actionStreamId(planId, reference), state: initialActionState(), version: -1, pending: [] as NewEvent[] };
    const command = { type: 'AddAction' as const, reference, priorityNumber: Number(reference.split('.')[0]), title: `Action ${reference}`, lead: 'Head of Service', dueDate: '2027-03-31', initialRating: 'A', effectiveAt: '2018-01-02', reason };
    const recorded = toNewEvents(decideAction(command, entry.state, { actor: BOARD, now, plan }), by(BOARD));
    entry.state = foldNewEvents(entry.state, recorded, evolveAction);
    entry.pending.push(...recorded);
    actions.push(entry);
  }
  const ratings = Math.max(0, facts - SIZED_PLAN_ACTIONS * FACTS_PER_NEW_ACTION - planEvents.length * 2);
  const from = Date.UTC(2018, 0, 3);
  const step = (now.getTime() - 86_400_000 - from) / Math.max(1, ratings);
  let events = planEvents.length + actions.length;
  const flush = async () => {
    const batch = actions.filter((a) => a.pending.length > 0).map((a) => ({ streamId: a.streamId, expectedVersion: a.version, events: a.pending }));
    if (appends.length > 0 || batch.length > 0) await store.appendMany([...appends.splice(0), ...batch]);
    for (const a of actions) {
      a.version += a.pending.length;
      a.pending = [];
    }
  };
  for (let r = 0; r < ratings; r++) {
    const entry = actions[r % actions.length];
    const effectiveAt = new Date(from + r * step).toISOString();
    const recorded = toNewEvents(decideAction({ type: 'ChangeRating', code: pick(random, ['R', 'A', 'G']), commentary: pick(random, COMMENTARY), effectiveAt, reason }, entry.state, { actor: LEAD, now, plan }), by(LEAD));
    entry.state = foldNewEvents(entry.state, recorded, evolveAction);
    entry.pending.push(...recorded);
    events += recorded.length;
    if (r % 5000 === 4999) await flush();
  }
  await flush();
  return { planId, events };
}
