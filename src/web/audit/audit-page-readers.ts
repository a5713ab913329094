import { Role } from '../../domain/roles';

/** Who may open the audit page (and see its link): those who may run a full verification over the API. */
export const AUDIT_PAGE_READERS: readonly Role[] = ['admin', 'auditor'];

/** Who sees the signed record's page (keys, checkpoints, exports) and its link: those who may download the export (the API's rule). */
export const SIGNED_RECORD_READERS: readonly Role[] = ['admin', 'auditor', 'inspector'];
