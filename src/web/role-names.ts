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
