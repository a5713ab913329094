import { Role } from '../../domain/roles';

/** Who may open the audit page (and see its link): those who may run a full verification over the API. */
export const AUDIT_PAGE_READERS: readonly Role[] = ['admin', 'auditor'];
