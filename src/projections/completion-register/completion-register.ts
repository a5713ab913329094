import { PlanWords } from '../../domain/plan/plan-words';
import { describeImport, ImportedFrom } from '../../domain/imported-from';
import { ActionSnapshot, Actor, ImportedCompletionSnapshot, PlanSnapshot, SignOffSnapshot } from '../plan-snapshot/plan-snapshot';

/** Signed off here by the plan's sign-off role, on evidence accepted here. */
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

/** Completed as a plan file reported it: no sign-off and no evidence here, only the file's word, recorded by whoever imported it. */
export interface ImportedCompletedAction {
  reference: string;
  priority: number;
  title: string;
  /** The date the file reports it completed on. */
  completedAt: string;
  /** "completed — from plan.csv, reported 28 Feb 2017" */
  summary: string;
  imported: ImportedFrom;
  importedBy: Actor;
  recordedAt: string;
  eventId: string;
}

/**
 * Two lists, never merged: an action signed off here on accepted evidence, and an action a
 * plan file reported completed. An auditor reading `signedOff` reads only sign-offs.
 */
export interface CompletionRegister {
  planId: string;
  asOf: string;
  knownAt: string;
  signedOff: CompletedAction[];
  imported: ImportedCompletedAction[];
  /** What the plan calls its levels, for the tables' headings. */
  words?: PlanWords;
}

const isImported = (completion: SignOffSnapshot | ImportedCompletionSnapshot): completion is ImportedCompletionSnapshot => 'imported' in completion;

/** Every action completed as at the date: signed off (when, by whom, on which accepted evidence) or imported (from which file, reported when). */
export function completionRegister(plan: PlanSnapshot): CompletionRegister {
  const completed = plan.actions.filter((a): a is ActionSnapshot & { completion: SignOffSnapshot | ImportedCompletionSnapshot } => a.status === 'completed' && a.completion !== undefined);
  return {
    planId: plan.planId,
    asOf: plan.asOf,
    knownAt: plan.knownAt,
    signedOff: completed.flatMap((a) => (isImported(a.completion) ? [] : [signedOff(a, a.completion)])),
    imported: completed.flatMap((a) => (isImported(a.completion) ? [imported(a, a.completion)] : [])),
    words: plan.words,
  };
}

function signedOff(a: ActionSnapshot, completion: SignOffSnapshot): CompletedAction {
  return {
    reference: a.reference,
    priority: a.priorityNumber,
    title: a.title,
    completedAt: completion.completedAt,
    signedOffBy: completion.signedOffBy,
    recordedAt: completion.recordedAt,
    eventId: completion.eventId,
    ...(completion.commentary ? { commentary: completion.commentary } : {}),
    evidence: a.evidence
      .filter((e) => completion.evidenceIds.includes(e.evidenceId))
      .map((e) => ({
        evidenceId: e.evidenceId,
        title: e.title,
        ...(e.fileHash ? { fileHash: e.fileHash } : {}),
        ...(e.reviewedAt ? { acceptedAt: e.reviewedAt } : {}),
        ...(e.reviewedBy ? { acceptedBy: e.reviewedBy } : {}),
      })),
  };
}

function imported(a: ActionSnapshot, completion: ImportedCompletionSnapshot): ImportedCompletedAction {
  return {
    reference: a.reference,
    priority: a.priorityNumber,
    title: a.title,
    completedAt: completion.completedAt,
    summary: `completed — ${describeImport(completion.imported)}`,
    imported: completion.imported,
    importedBy: completion.importedBy,
    recordedAt: completion.recordedAt,
    eventId: completion.eventId,
  };
}
