/** The people who use the plan (DESIGN §1). */
export const ROLES = ['admin', 'board', 'lead', 'qa', 'inspector', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Who may sign off completion and review evidence: the QA service by default, or the Improvement Board. */
export const SIGN_OFF_ROLES = ['qa', 'board'] as const;
export type SignOffRole = (typeof SIGN_OFF_ROLES)[number];

export interface ActorRef {
  id: string;
  role: Role | string;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
