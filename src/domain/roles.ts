/** The people who use the plan (DESIGN §1). */
export const ROLES = ['admin', 'board', 'lead', 'qa', 'inspector', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Who may sign off completion and review evidence: the QA service by default, or the Improvement Board. */
export const SIGN_OFF_ROLES = ['qa', 'board'] as const;
export type SignOffRole = (typeof SIGN_OFF_ROLES)[number];

export interface ActorRef {
  id: string;
  role: Role | string;
  /**
   * The plans this person may change, when their account is limited to some
   * (an action lead works on their council's plan); absent means any plan.
   * Never recorded on events: only who and in which role.
   */
  plans?: readonly string[];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
