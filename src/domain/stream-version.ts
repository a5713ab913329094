/**
 * Stream versions, as the write side and every store adapter count them: the
 * 0-based streamVersion of a stream's last event. They live in the domain because
 * a conflict ("you decided on version 4, it is now at 5") is something the domain
 * speaks of, not a detail of one store.
 */

/** The stream must not exist yet. */
export const NO_STREAM = -1 as const;
/** Append whatever the stream's current version is (only for tooling, never for commands). */
export const ANY_VERSION = 'any' as const;

/** The version (0-based streamVersion of the last event) the caller last saw, NO_STREAM, or ANY_VERSION. */
export type ExpectedVersion = number | typeof ANY_VERSION;
