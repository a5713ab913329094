import { ActorRef } from '../domain/roles';
import { ActionSnapshot, EvidenceSnapshot, PlanSnapshot } from '../projections/plan-snapshot/plan-snapshot';
import { actionHref } from './plan-reads';

/**
 * Each role's work, read from the plan as it stands (the same read model as every
 * page): what a person should do next, so no one has to scroll a 67-action plan to
 * find it. Pure functions of the snapshot, the caller and today.
 */

/** The queue a decision returns to: the evidence review queue, or the person's own work page. */
export const QUEUES = { review: '/review', 'your-work': '/your-work' } as const;
export type QueueName = keyof typeof QUEUES;

/** The queue named in a form or address, when it is one of ours; never a free address (no open redirect). */
export function queueNamed(value: unknown): QueueName | undefined {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(QUEUES, value) ? (value as QueueName) : undefined;
}

/** Actions due within this many days count as "due" in a lead's queue, beside those already overdue. */
export const DUE_SOON_DAYS = 28;

export interface EvidenceToReview {
  action: ActionSnapshot;
  evidence: EvidenceSnapshot;
  actionHref: string;
  /** Only for the plan's sign-off role: anyone else would be refused (403). */
  reviewHref?: string;
}

export interface ReadyToSignOff {
  action: ActionSnapshot;
  actionHref: string;
  signOffHref?: string;
}

/** The sign-off role's part of a plan: evidence to accept or reject, open actions with accepted evidence to sign off. */
export function signOffWork(plan: PlanSnapshot, caller: ActorRef, from: QueueName): { mine: boolean; awaiting: EvidenceToReview[]; ready: ReadyToSignOff[] } {
  const mine = caller.role === plan.signOffRole;
  const back = from === 'review' ? '' : `?from=${from}`;
  const awaiting = plan.actions.flatMap((action) =>
    action.evidence
      .filter((e) => e.status === 'submitted')
      .map((evidence) => {
        const href = actionHref(plan.planId, action.reference);
        return { action, evidence, actionHref: href, reviewHref: mine ? `${href}/evidence/${encodeURIComponent(evidence.evidenceId)}/review${back}` : undefined };
      }),
  );
  const ready = plan.actions
    .filter((a) => a.status === 'open' && a.evidence.some((e) => e.status === 'accepted'))
    .map((action) => {
      const href = actionHref(plan.planId, action.reference);
      return { action, actionHref: href, signOffHref: mine ? `${href}/sign-off${back}` : undefined };
    });
  return { mine, awaiting, ready };
}

/** The last board date on or before today: what was agreed then is settled, what changed since is for the next board. */
export function lastBoardDate(plan: PlanSnapshot, today: string): { label: string; date: string } | undefined {
  return plan.reportingPoints.filter((p) => p.date <= today).sort((a, b) => a.date.localeCompare(b.date)).pop();
}

/** Who the signed-in person is, as an action's lead may name them: their user id, and the name on their account. */
export interface Person {
  id: string;
  displayName?: string;
}

/**
 * Is this action the person's? The board records the lead's user id (leadUser) on
 * the action; `lead` is usually a job title, so it counts only when it is their
 * user id or the name on their account, written the same (case aside).
 */
export function leadsIt(action: ActionSnapshot, person: Person): boolean {
  const names = [person.id, person.displayName].filter((n): n is string => !!n).map((n) => n.trim().toLowerCase());
  return (action.leadUser !== undefined && action.leadUser.toLowerCase() === person.id.toLowerCase()) || (action.lead !== undefined && names.includes(action.lead.trim().toLowerCase()));
}

export interface LeadWork {
  /** Open actions the caller leads, overdue or due within DUE_SOON_DAYS, soonest first. */
  due: (ActionSnapshot & { href: string; overdue: boolean })[];
  /** Open actions the caller leads with no rating since the last board date: the board will want an update. */
  awaitingUpdate: (ActionSnapshot & { href: string; rateHref: string })[];
  /** Evidence of theirs sent back with a reason, on actions still open. */
  rejected: { action: ActionSnapshot; evidence: EvidenceSnapshot; href: string; evidenceHref: string }[];
  /** How many actions name the caller as lead at all. */
  leads: number;
}

export function leadWork(plan: PlanSnapshot, person: Person, today: string): LeadWork {
  const mine = plan.actions.filter((a) => leadsIt(a, person));
  const open = mine.filter((a) => a.status === 'open');
  const soon = addDays(today, DUE_SOON_DAYS);
  const since = lastBoardDate(plan, today)?.date;
  const href = (a: ActionSnapshot) => actionHref(plan.planId, a.reference);
  return {
    leads: mine.length,
    due: open
      .filter((a) => a.dueDate !== undefined && a.dueDate.slice(0, 10) <= soon)
      .sort((a, b) => a.dueDate!.localeCompare(b.dueDate!))
      .map((a) => ({ ...a, href: href(a), overdue: a.dueDate!.slice(0, 10) < today })),
    awaitingUpdate: open.filter((a) => !a.rating || (since !== undefined && a.rating.effectiveAt.slice(0, 10) <= since)).map((a) => ({ ...a, href: href(a), rateHref: `${href(a)}/rating` })),
    rejected: open.flatMap((a) =>
      a.evidence
        .filter((e) => e.status === 'rejected' && !a.evidence.some((later) => later.status !== 'rejected' && later.submittedAt > e.submittedAt))
        .map((evidence) => ({ action: a, evidence, href: href(a), evidenceHref: `${href(a)}/evidence` })),
    ),
  };
}

export interface BoardWork {
  since?: { label: string; date: string };
  /** Actions added since the last board date, for the board to note at its next meeting. */
  newActions: (ActionSnapshot & { href: string })[];
  /** Actions whose rating changed since the last board date: the ratings the next board agrees. */
  ratingsToAgree: (ActionSnapshot & { href: string })[];
}

export function boardWork(plan: PlanSnapshot, today: string): BoardWork {
  const since = lastBoardDate(plan, today);
  const after = (day: string) => since === undefined || day.slice(0, 10) > since.date;
  const live = plan.actions.filter((a) => a.status !== 'withdrawn');
  const href = (a: ActionSnapshot) => actionHref(plan.planId, a.reference);
  return {
    since,
    newActions: live.filter((a) => after(a.addedAt)).map((a) => ({ ...a, href: href(a) })),
    ratingsToAgree: live.filter((a) => a.rating && after(a.rating.effectiveAt)).map((a) => ({ ...a, href: href(a) })),
  };
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
