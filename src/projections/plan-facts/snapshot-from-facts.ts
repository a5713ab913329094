import { Actor } from '../../event-store/envelope';
import { PlanCreated } from '../../domain/plan/plan.events';
import { RagScale } from '../../domain/rag-scale';
import {
  ActionSnapshot,
  CompletionSnapshot,
  displayCodes,
  EvidenceSnapshot,
  MilestoneSnapshot,
  PlanSnapshot,
  RatingSnapshot,
  sortActions,
} from '../plan-snapshot/plan-snapshot';
import { codeUnitOrder } from '../../code-unit-order';

/** One row per (subject, kind, key): the fact in force at (asOf, knownAt). */
export interface FactInForce {
  subject: string;
  kind: string;
  key: string;
  payload: string;
  validFrom: string;
  validKey: string;
  /** The payload already parsed (and frozen) by whoever holds the fact in memory; parsed here otherwise. */
  value?: unknown;
  /** Kept on the fact for the next read: the item merged from it and its companions (see `merged`). */
  merged?: Merged;
}

// `any`: each kind's payload has its own shape, named where it is used.
const valueOf = (fact: FactInForce): any => (fact.value !== undefined ? fact.value : JSON.parse(fact.payload));

/**
 * An action's facts in force, by kind. Every field is set from the start (one shape for
 * every action), and a list only once it has a fact: a ratings-only read never fills the
 * evidence and milestone ones.
 */
interface ActionFacts {
  subject: string;
  added: FactInForce | undefined;
  lifecycle: FactInForce | undefined;
  rating: FactInForce | undefined;
  details: FactInForce[] | undefined;
  evidence: FactInForce[] | undefined;
  reviews: FactInForce[] | undefined;
  redactions: FactInForce[] | undefined;
  milestones: FactInForce[] | undefined;
  milestoneStatuses: FactInForce[] | undefined;
}

const noFactsYet = (subject: string): ActionFacts => ({
  subject,
  added: undefined,
  lifecycle: undefined,
  rating: undefined,
  details: undefined,
  evidence: undefined,
  reviews: undefined,
  redactions: undefined,
  milestones: undefined,
  milestoneStatuses: undefined,
});

/** Effective order. validKey is a fixed-width ISO instant and a zero-padded position, so code-unit order is time order. */
const byValid = (a: FactInForce, b: FactInForce) => codeUnitOrder(a.validKey, b.validKey);

/** Facts by key, or nothing when there are none (most actions have no redactions). */
function keyed(facts: FactInForce[] | undefined): Map<string, FactInForce> | undefined {
  if (facts === undefined) return undefined;
  const map = new Map<string, FactInForce>();
  for (const f of facts) map.set(f.key, f);
  return map;
}

/** What `merged` built from a fact, and from which other facts. */
export interface Merged {
  with: FactInForce | undefined;
  and: FactInForce | undefined;
  value: unknown;
}

/**
 * An evidence item (or milestone) merged with the facts that complete it (its
 * review, its redaction, its status), built once per combination of those facts
 * and then shared, frozen, by every snapshot they are in force for. Facts held in
 * a plan's timeline are the same objects from read to read, so an inspector moving
 * the date does not rebuild hundreds of unchanged items each time (this merge was
 * a third of a plan read).
 */
function merged<T>(fact: FactInForce, withFact: FactInForce | undefined, andFact: FactInForce | undefined, build: () => T): T {
  const memo = fact.merged;
  if (memo && memo.with === withFact && memo.and === andFact) return memo.value as T;
  const value = Object.freeze(build());
  fact.merged = { with: withFact, and: andFact, value };
  return value;
}

interface Lifecycle {
  status: 'open' | 'completed' | 'withdrawn';
  completion?: CompletionSnapshot;
  withdrawal?: { withdrawnAt: string; reason?: string; by: Actor };
}

const OPEN: Lifecycle = Object.freeze({ status: 'open' });

/**
 * The action as reports show it. Built as one literal with every field named (absent
 * ones undefined, which JSON leaves out) rather than spread together from its details:
 * objects spread from varying keys took V8's slow path, and this runs for every action
 * of every plan read, twice for a report between two dates.
 */
function actionSnapshot(streamId: string, of: ActionFacts, added: FactInForce, displayCode: (status: string, rating: RatingSnapshot | undefined) => string): ActionSnapshot {
  const lifecycle: Lifecycle = of.lifecycle ? valueOf(of.lifecycle) : OPEN;
  const rating: RatingSnapshot | undefined = of.rating ? valueOf(of.rating) : undefined;
  const action: ActionSnapshot = {
    streamId,
    reference: undefined as unknown as string,
    priorityNumber: undefined as unknown as number,
    ofstedReference: undefined,
    title: undefined as unknown as string,
    successMeasures: undefined,
    lead: undefined,
    dueDate: undefined,
    addedAt: added.validFrom,
    status: lifecycle.status,
    rating,
    displayCode: displayCode(lifecycle.status, rating),
    evidence: of.evidence ? evidenceOf(of.evidence, of.reviews, of.redactions) : [],
    milestones: of.milestones ? milestonesOf(of.milestones, of.milestoneStatuses) : [],
    completion: lifecycle.completion,
    withdrawal: lifecycle.withdrawal,
  };
  if (of.details) for (const f of of.details) (action as unknown as Record<string, unknown>)[f.key] = valueOf(f);
  return action;
}

function evidenceOf(evidence: FactInForce[], reviewFacts: FactInForce[] | undefined, redactionFacts: FactInForce[] | undefined): EvidenceSnapshot[] {
  const reviews = keyed(reviewFacts);
  const redactions = keyed(redactionFacts);
  return evidence.sort(byValid).map((f) => {
    const review = reviews?.get(f.key);
    const redaction = redactions?.get(f.key);
    return merged(f, review, redaction, () => {
      const redactionValue = redaction && (valueOf(redaction) as EvidenceSnapshot['redaction']);
      return { evidenceId: f.key, ...valueOf(f), status: 'submitted', ...(review ? valueOf(review) : {}), ...(redactionValue ? { redaction: redactionValue } : {}) } as EvidenceSnapshot;
    });
  });
}

function milestonesOf(milestones: FactInForce[], statusFacts: FactInForce[] | undefined): MilestoneSnapshot[] {
  const statuses = keyed(statusFacts);
  return milestones.sort(byValid).map((f) => {
    const status = statuses?.get(f.key);
    return merged(f, status, undefined, () => ({ milestoneId: f.key, ...valueOf(f), status: status ? (valueOf(status) as string) : '' }) as MilestoneSnapshot);
  });
}

/** Assemble the snapshot from the facts in force. Pure, so it is tested against the replay oracle directly. */
export function snapshotFromFacts(planId: string, subject: string, facts: FactInForce[], asOf: string, knownAt: string): PlanSnapshot | undefined {
  // One pass over the facts sorts them by action and kind: this runs for every action of every plan read.
  const planFacts: FactInForce[] = [];
  const byAction = new Map<string, ActionFacts>();
  let current: ActionFacts | undefined;
  for (const f of facts) {
    if (f.subject === subject) {
      planFacts.push(f);
      continue;
    }
    // Facts usually arrive an action at a time (a plan's timeline keeps them so): look up only on a change of action.
    if (current === undefined || current.subject !== f.subject) current = byAction.get(f.subject);
    if (!current) {
      current = noFactsYet(f.subject);
      byAction.set(f.subject, current);
    }
    switch (f.kind) {
      case 'added': current.added ??= f; break;
      case 'detail': (current.details ??= []).push(f); break;
      case 'lifecycle': current.lifecycle ??= f; break;
      case 'rating': current.rating ??= f; break;
      case 'evidence': (current.evidence ??= []).push(f); break;
      case 'evidence-review': (current.reviews ??= []).push(f); break;
      case 'evidence-redaction': (current.redactions ??= []).push(f); break;
      case 'milestone': (current.milestones ??= []).push(f); break;
      case 'milestone-status': (current.milestoneStatuses ??= []).push(f); break;
    }
  }
  const created = planFacts.find((f) => f.kind === 'plan');
  if (!created) return undefined;
  const plan = valueOf(created) as PlanCreated['data'];
  const scaleFact = planFacts.find((f) => f.kind === 'scale');
  const scale: RagScale = scaleFact ? valueOf(scaleFact) : { name: '', codes: [] };
  const priorityFields = new Map(planFacts.filter((f) => f.kind === 'priority-field').map((f) => [f.key, valueOf(f) as string]));
  const priorities = planFacts
    .filter((f) => f.kind === 'priority')
    .map((f) => {
      const number = Number(f.key);
      const outcome = priorityFields.get(`${number}:outcome`);
      return { number, title: priorityFields.get(`${number}:title`) ?? '', ...(outcome !== undefined ? { outcome } : {}) };
    })
    .sort((a, b) => a.number - b.number);
  const reportingPoints = planFacts
    .filter((f) => f.kind === 'reporting-point')
    .sort(byValid)
    .map((f) => ({ label: f.key, date: valueOf(f) as string }));

  const displayCode = displayCodes(scale);
  const actions: ActionSnapshot[] = [];
  for (const [streamId, of] of byAction) if (of.added) actions.push(actionSnapshot(streamId, of, of.added, displayCode));

  return {
    planId,
    title: plan.title,
    council: plan.council,
    signOffRole: plan.signOffRole,
    ratingMethod: plan.ratingMethod,
    ...(plan.minimumHold ? { minimumHold: plan.minimumHold } : {}),
    scale,
    asOf,
    knownAt,
    priorities,
    reportingPoints,
    actions: sortActions(actions),
  };
}
