import { readableUserId, roleFromClaims, userIdCandidates } from '../../src/auth/oidc/person-claims';

describe('a readable user id from what the provider calls the person', () => {
  it.each([
    [{ preferred_username: 'Jo.Bloggs@council.gov.uk', email: 'other@council.gov.uk' }, 'jo.bloggs'],
    [{ email: 'sam_quality@council.gov.uk' }, 'sam_quality'],
    [{ name: 'Zoë  O’Brien-Smith' }, 'zoe.o.brien-smith'],
    [{ preferred_username: '@@@', name: 'Ann Lee' }, 'ann.lee'],
    [{ preferred_username: 'x' }, 'person'],
    [{}, 'person'],
  ])('%j → %s', (claims, id) => {
    expect(readableUserId(claims)).toBe(id);
  });

  it('never gives an id the users table would refuse, whatever the provider sends', () => {
    const hostile = ['../../etc/passwd', '<script>', 'a'.repeat(500) + '@x', '.-_.-_', 'ДМИТРИЙ', '\u0000admin', 'admin\n'];
    for (const value of hostile) expect(readableUserId({ preferred_username: value, name: value })).toMatch(/^[a-z0-9][a-z0-9._-]{1,63}$/);
  });

  it('offers jo.bloggs, then jo.bloggs-2, jo.bloggs-3 when taken', () => {
    const candidates = userIdCandidates('jo.bloggs');
    expect([candidates.next().value, candidates.next().value, candidates.next().value]).toEqual(['jo.bloggs', 'jo.bloggs-2', 'jo.bloggs-3']);
  });
});

describe('a role from the group claim', () => {
  const map = [
    { value: 'g-qa', role: 'qa' as const },
    { value: 'g-board', role: 'board' as const },
  ];

  it('takes the first entry of the map that one of the groups matches', () => {
    expect(roleFromClaims({ groups: ['g-board', 'g-qa'] }, 'groups', map)).toBe('qa');
    expect(roleFromClaims({ groups: ['staff', 'g-board'] }, 'groups', map)).toBe('board');
  });

  it('reads a single value as well as a list, and gives none for no match or no claim', () => {
    expect(roleFromClaims({ roles: 'g-board' }, 'roles', map)).toBe('board');
    expect(roleFromClaims({ groups: ['staff'] }, 'groups', map)).toBeUndefined();
    expect(roleFromClaims({}, 'groups', map)).toBeUndefined();
    expect(roleFromClaims({ groups: [{ id: 'g-qa' }] }, 'groups', map)).toBeUndefined();
  });
});
