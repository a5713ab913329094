import { EventEnvelope } from '../../event-store/envelope';

/** Where the read side stands, for /api/health: following the log, waiting to retry, held up by a write, or stopped at an event. */
export type ProjectorState = 'following' | 'retrying' | 'stalled' | 'stopped';

export interface ProjectorStatus {
  state: ProjectorState;
  /** Why the read side is not following, in words an operator can act on; absent while it follows. */
  reason?: string;
  lastError?: { message: string; at: string; position?: number; eventId?: string };
  /** How many times the projector has started again after a failure since the server started. */
  restarts: number;
}

/** An event whose projection failed: the position and id the operator needs, and what went wrong. */
export class EventNotProjected extends Error {
  constructor(
    readonly event: Pick<EventEnvelope, 'globalPosition' | 'eventId' | 'type'>,
    override readonly cause: unknown,
  ) {
    super(`event ${event.eventId} (${event.type}) at position ${event.globalPosition} could not be projected: ${messageOf(cause)}`);
  }
}

/** Tries at one event before the projector stops there: a lock or a full disk passes, a bug does not. */
export const ATTEMPTS_BEFORE_STOPPING = 5;
const FIRST_DELAY_MS = 100;
const LONGEST_DELAY_MS = 5000;

/**
 * 100 ms doubling to 5 s, each jittered down by up to half, so that two processes held up by
 * the same lock do not come back at the same instant.
 */
export function retryDelay(attempt: number, random = Math.random): number {
  const full = Math.min(LONGEST_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(full * (0.5 + random() * 0.5));
}

/**
 * Whether a failure can pass by itself: SQLite's busy and locked (another connection's write,
 * a backup), a full or read-only disk, an I/O error. Anything else (a constraint, a type error
 * in a projection) is a bug that will fail the same way at the same event every time.
 */
export function isTransient(error: unknown): boolean {
  const code = codeOf(error);
  if (code && /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|PROTOCOL)/.test(code)) return true;
  return /database is locked|database table is locked|SQLITE_BUSY|disk is full|disk I\/O error/i.test(messageOf(error));
}

function codeOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
