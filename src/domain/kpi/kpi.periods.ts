import { InvalidInput } from '../errors';
import { KpiPeriodKind } from './kpi.events';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The period a figure describes, as people write it, in the one form stored: `2018-04`
 * (also "Apr 2018", "April 2018") for a monthly KPI, `2018-Q1` (also "Q1 2018") for a
 * quarterly one, calendar quarters.
 */
export function readPeriod(value: string, kind: KpiPeriodKind, field = 'period'): string {
  const text = (value ?? '').trim();
  if (kind === 'monthly') {
    let m = /^(\d{4})-(\d{2})$/.exec(text);
    if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${m[2]}`;
    m = /^([A-Za-z]{3,9})\.?\s+(\d{4})$/.exec(text);
    const month = m ? MONTHS.indexOf(m[1].slice(0, 3).toLowerCase()) : -1;
    if (m && month >= 0 && (m[1].length === 3 || m[1].toLowerCase() === 'sept' || fullMonth(month) === m[1].toLowerCase())) return `${m[2]}-${String(month + 1).padStart(2, '0')}`;
    throw new InvalidInput(field, `"${value}" is not a month; this KPI is reported monthly, e.g. 2018-04 or Apr 2018`);
  }
  const m = /^(\d{4})-?Q([1-4])$/i.exec(text) ?? swapped(/^Q([1-4])\s+(\d{4})$/i.exec(text));
  if (m) return `${m[1]}-Q${m[2]}`;
  throw new InvalidInput(field, `"${value}" is not a quarter; this KPI is reported quarterly, e.g. 2018-Q1 (January to March) or Q1 2018`);
}

function swapped(m: RegExpExecArray | null): [string, string, string] | null {
  return m ? [m[0], m[2], m[1]] : null;
}

function fullMonth(month: number): string {
  return new Date(Date.UTC(2000, month, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' }).toLowerCase();
}

/** The instant a period begins, as an ISO string: when its figure takes effect. */
export function periodStart(period: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return new Date(Date.UTC(Number(quarter[1]), (Number(quarter[2]) - 1) * 3, 1)).toISOString();
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1)).toISOString();
  throw new InvalidInput('period', `"${period}" is not a period`);
}
