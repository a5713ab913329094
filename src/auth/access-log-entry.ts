/**
 * Who changed someone's access: a user proven by token, password or session; the
 * operating-system account that created the first administrator (nobody could
 * sign in yet); or the server itself, for set-up code that names no person.
 */
export type AccessActor =
  | { kind: 'user'; id: string; role: string }
  | { kind: 'bootstrap'; osUser: string; host: string }
  | { kind: 'system'; id: string }
  /** The council's identity provider, at a person's sign-in: their first (the user is made) or a group claim that changed their role. */
  | { kind: 'identity-provider'; issuer: string };

/** The changes of access recorded, in the words an auditor would use. */
export const ACCESS_ACTIONS = [
  /** A user who already existed when the access log began (an auth file from before it). */
  'user-on-record',
  'bootstrap',
  'user-created',
  'role-given',
  'user-disabled',
  'user-enabled',
  'token-created',
  'token-revoked',
  'password-changed',
  'password-reset',
  'signed-out-everywhere',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** One change to record: what was done, to whom (a user id), and the particulars (a token's id and name, a role). Never a secret. */
export interface AccessChange {
  action: AccessAction;
  subject: string;
  details?: Record<string, unknown>;
}

export interface AccessLogEntry {
  /** 1, 2, 3… in the order recorded. */
  position: number;
  recordedAt: string;
  actor: AccessActor;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  /** The previous entry's hash; null for the first. */
  prevHash: string | null;
  /** SHA-256 (hex) of the canonical JSON of every field above. */
  hash: string;
}

export interface AccessLogProblem {
  position: number;
  kind: 'altered' | 'broken-link' | 'gap';
  detail: string;
}

/** The actor for a proven caller. */
export function userActor(caller: { id: string; role: string }): AccessActor {
  return { kind: 'user', id: caller.id, role: caller.role };
}

/** For the CLI and the API: "qa.sam (qa)", "bootstrap by alice@host", "system:server". */
export function describeActor(actor: AccessActor): string {
  if (actor.kind === 'user') return `${actor.id} (${actor.role})`;
  if (actor.kind === 'bootstrap') return `bootstrap by ${actor.osUser}@${actor.host}`;
  if (actor.kind === 'identity-provider') return `identity provider ${actor.issuer}`;
  return `system:${actor.id}`;
}
