import { randomBytes } from 'node:crypto';

/** A short id people can read out at a board meeting: "ev-3f9a1c2b". */
export function newId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
