import { InvalidInput } from '../errors';
import { requirePlanId } from '../identifiers';

/** A KPI's id as the plan writes it: "KPI 1", "re-referrals", "3.2a". */
const KPI_ID = /^[A-Za-z0-9][A-Za-z0-9 .\-_]{0,31}$/;

export function requireKpiId(kpiId: string): string {
  const trimmed = (kpiId ?? '').trim().replace(/\s+/g, ' ');
  if (!KPI_ID.test(trimmed)) throw new InvalidInput('kpiId', `"${kpiId}" is not a usable KPI id; use letters, digits, spaces, dots or dashes, e.g. KPI 1 or re-referrals`);
  return trimmed;
}

/** One stream per KPI, named from its plan and id: defining "KPI 1" twice collides on the stream and is refused. */
export function kpiStreamId(planId: string, kpiId: string): string {
  return `kpi-${requirePlanId(planId)}/${requireKpiId(kpiId).toLowerCase().replace(/ /g, '_')}`;
}
