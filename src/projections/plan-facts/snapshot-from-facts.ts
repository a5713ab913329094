import { Actor } from '../../event-store/envelope';
import { PlanCreated } from '../../domain/plan/plan.events';
import { RagScale } from '../../domain/rag-scale';
import {
  ActionSnapshot,
  CompletionSnapshot,
  displayCodeOf,
  EvidenceSnapshot,
  PlanSnapshot,
  RatingSnapshot,
  sortActions,
} from '../plan-snapshot/plan-snapshot';

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
}

// `any`: each kind's payload has its own shape, named where it is used.
const valueOf = (fact: FactInForce): any => (fact.value !== undefined ? fact.value : JSON.parse(fact.payload));

interface Lifecycle {
  status: 'open' | 'completed' | 'withdrawn';
  completion?: CompletionSnapshot;
  withdrawal?: { withdrawnAt: string; reason?: string; by: Actor };
}

/** Assemble the snapshot from the facts in force. Pure, so it is tested against the replay oracle directly. */
export function snapshotFromFacts(planId: string, subject: string, facts: FactInForce[], asOf: string, knownAt: string): PlanSnapshot | undefined {
  const planFacts = facts.filter((f) => f.subject === subject);
  const created = planFacts.find((f) => f.kind === 'plan');
  if (!created) return undefined;
  const plan = valueOf(created) as PlanCreated['data'];
  const scaleFact = planFacts.find((f) => f.kind === 'scale');
  const scale: RagScale = scaleFact ? valueOf(scaleFact) : { name: '', codes: [] };
  const byValid = (a: FactInForce, b: FactInForce) => a.validKey.localeCompare(b.validKey);

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

  const bySubject = new Map<string, FactInForce[]>();
  for (const f of facts) {
    if (f.subject === subject) continue;
    const list = bySubject.get(f.subject);
    if (list) list.push(f);
    else bySubject.set(f.subject, [f]);
  }
  const actions: ActionSnapshot[] = [];
  for (const [streamId, actionFacts] of bySubject) {
    // One pass to sort the action's facts by kind (this runs for every action of every plan read).
    const ofKind = new Map<string, FactInForce[]>();
    for (const f of actionFacts) {
      const list = ofKind.get(f.kind);
      if (list) list.push(f);
      else ofKind.set(f.kind, [f]);
    }
    const kind = (name: string) => ofKind.get(name) ?? [];
    const added = kind('added')[0];
    if (!added) continue;
    const details: Record<string, unknown> = {};
    for (const f of kind('detail')) details[f.key] = valueOf(f);
    const lifecycleFact = kind('lifecycle')[0];
    const lifecycle: Lifecycle = lifecycleFact ? valueOf(lifecycleFact) : { status: 'open' };
    const ratingFact = kind('rating')[0];
    const rating: RatingSnapshot | undefined = ratingFact ? valueOf(ratingFact) : undefined;
    const reviews = new Map(kind('evidence-review').map((f) => [f.key, valueOf(f) as Partial<EvidenceSnapshot>]));
    const redactions = new Map(kind('evidence-redaction').map((f) => [f.key, valueOf(f) as EvidenceSnapshot['redaction']]));
    const evidence = kind('evidence')
      .sort(byValid)
      .map((f) => {
        const redaction = redactions.get(f.key);
        return { evidenceId: f.key, ...valueOf(f), status: 'submitted', ...(reviews.get(f.key) ?? {}), ...(redaction ? { redaction } : {}) } as EvidenceSnapshot;
      });
    const statuses = new Map(kind('milestone-status').map((f) => [f.key, valueOf(f) as string]));
    const milestones = kind('milestone')
      .sort(byValid)
      .map((f) => ({ milestoneId: f.key, ...valueOf(f), status: statuses.get(f.key) ?? '' }));
    const action = {
      streamId,
      ...details,
      addedAt: added.validFrom,
      status: lifecycle.status,
      ...(rating ? { rating } : {}),
      displayCode: '',
      evidence,
      milestones,
      ...(lifecycle.completion ? { completion: lifecycle.completion } : {}),
      ...(lifecycle.withdrawal ? { withdrawal: lifecycle.withdrawal } : {}),
    } as ActionSnapshot;
    action.displayCode = displayCodeOf(action, scale);
    actions.push(action);
  }

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
