import { Actor, PlanSnapshot } from '../plan-snapshot/plan-snapshot';

export interface CompletedAction {
  reference: string;
  priority: number;
  title: string;
  completedAt: string;
  signedOffBy: Actor;
  recordedAt: string;
  eventId: string;
  commentary?: string;
  evidence: { evidenceId: string; title: string; fileHash?: string; acceptedAt?: string; acceptedBy?: Actor }[];
}

export interface CompletionRegister {
  planId: string;
  asOf: string;
  knownAt: string;
  completed: CompletedAction[];
}

/** Every action completed as at the date: when, signed off by whom, on which accepted evidence. */
export function completionRegister(plan: PlanSnapshot): CompletionRegister {
  return {
    planId: plan.planId,
    asOf: plan.asOf,
    knownAt: plan.knownAt,
    completed: plan.actions
      .filter((a) => a.status === 'completed' && a.completion)
      .map((a) => ({
        reference: a.reference,
        priority: a.priorityNumber,
        title: a.title,
        completedAt: a.completion!.completedAt,
        signedOffBy: a.completion!.signedOffBy,
        recordedAt: a.completion!.recordedAt,
        eventId: a.completion!.eventId,
        ...(a.completion!.commentary ? { commentary: a.completion!.commentary } : {}),
        evidence: a.evidence
          .filter((e) => a.completion!.evidenceIds.includes(e.evidenceId))
          .map((e) => ({
            evidenceId: e.evidenceId,
            title: e.title,
            ...(e.fileHash ? { fileHash: e.fileHash } : {}),
            ...(e.reviewedAt ? { acceptedAt: e.reviewedAt } : {}),
            ...(e.reviewedBy ? { acceptedBy: e.reviewedBy } : {}),
          })),
      })),
  };
}
