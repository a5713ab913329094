/** Roles as the people in them say it. */
const ROLE_NAMES: Record<string, string> = {
  admin: 'administrator',
  board: 'Improvement Board',
  lead: 'action lead',
  qa: 'Quality Assurance service',
  inspector: 'inspector',
  auditor: 'auditor',
};

export function roleName(role: string | undefined): string {
  return role ? (ROLE_NAMES[role] ?? role) : '';
}

/** Inspectors and auditors replay the record as it was known at an earlier time. */
export function readsAsRecorded(role: string | undefined): boolean {
  return role === 'inspector' || role === 'auditor';
}

const CODES = Object.keys(ROLE_NAMES).join('|');
const AFTER_A_NAME = new RegExp(`\\((${CODES})\\)`, 'g');
const NEEDS_THE_ROLE = new RegExp(`needs the role ((?:${CODES})(?: or (?:${CODES}))*)`, 'g');

/**
 * A refusal from the rules, which name roles by their codes ("board.user (board) may not …;
 * this needs the role admin or auditor"), in the names every page uses, so a page never says
 * "(auditor)" beside "(Improvement Board)" for the same kind of thing.
 */
export function inRoleNames(message: string): string {
  return message
    .replace(NEEDS_THE_ROLE, (_all, roles: string) => `needs the role of ${roles.split(' or ').map((r) => roleName(r)).join(' or ')}`)
    .replace(AFTER_A_NAME, (_all, code: string) => `(${roleName(code)})`);
}
