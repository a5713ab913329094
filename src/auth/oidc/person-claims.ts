import { Role } from '../../domain/roles';

/** The claims of a verified ID token (and the userinfo answer, when one was asked for). */
export type Claims = Record<string, unknown>;

/**
 * The role the group (or role) claim gives, by the administrator's map: the
 * first entry of the map that one of the person's values matches, so the map
 * is written in order of precedence. Undefined when no value matches.
 */
export function roleFromClaims(claims: Claims, claim: string, map: readonly { value: string; role: Role }[]): Role | undefined {
  const raw = claims[claim];
  const values = new Set((Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string'));
  return map.find((entry) => values.has(entry.value))?.role;
}

const USER_ID = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/**
 * A readable id for the events this person will cause, from what the provider
 * calls them: the part of preferred_username or e-mail before the @
 * ("jo.bloggs@council.gov.uk" → "jo.bloggs"), else their name ("Jo Bloggs" →
 * "jo.bloggs"). Only a label, chosen once at the first sign-in: who the person
 * is stays the (issuer, subject) link. "person" when nothing usable is there.
 */
export function readableUserId(claims: Claims): string {
  for (const name of ['preferred_username', 'email', 'name']) {
    const value = claims[name];
    if (typeof value !== 'string') continue;
    const local = name === 'name' ? value : value.split('@')[0];
    const id = local
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '.')
      .replace(/([._-])[._-]+/g, '$1')
      .replace(/^[._-]+/, '')
      .slice(0, 56)
      .replace(/[._-]+$/, '');
    if (USER_ID.test(id)) return id;
  }
  return 'person';
}

/** The first free id of "jo.bloggs", "jo.bloggs-2", "jo.bloggs-3", … */
export function* userIdCandidates(base: string): Generator<string> {
  yield base;
  for (let n = 2; ; n++) yield `${base}-${n}`;
}

export function displayNameOf(claims: Claims, fallback: string): string {
  const name = claims.name;
  return typeof name === 'string' && name.trim() ? name.trim().slice(0, 200) : fallback;
}

export function emailOf(claims: Claims): string | null {
  return typeof claims.email === 'string' ? claims.email.slice(0, 320) : null;
}
