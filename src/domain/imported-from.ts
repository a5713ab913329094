import { InvalidInput } from './errors';
import { LIMITS } from './limits';
import { optionalText, requireText } from './text';

/**
 * Where a fact recorded by an import comes from. An import does not witness what
 * a plan file reports (a rating at a past board, a completion agreed last year): it
 * records that the file said so. So the event's actor is whoever imported it, in
 * their own role, and this says which file (its name and SHA-256, so the very
 * version can be found again), the date the file reports it on, and — where the
 * file says — by whom: as data, never as the actor.
 */
export interface ImportedFrom {
  /** The file's name as given to the importer, e.g. plan.csv. */
  file: string;
  /** SHA-256 of the file's bytes, lower-case hex. */
  sha256: string;
  /** YYYY-MM-DD: the board date of the column that reports it. */
  reportedOn: string;
  /** Who the file says reported it or signed it off, where the file says. */
  reportedBy?: string;
}

// Spelled out rather than from Intl: its short months change between ICU versions ("Sep", "Sept").
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The provenance checked: a file named, a real SHA-256, and a report date that is the
 * day the fact takes effect (an imported fact holds from the date the file reports it).
 */
export function requireImportedFrom(imported: ImportedFrom | undefined, effectiveAt: string): ImportedFrom {
  if (!imported) throw new InvalidInput('imported', 'an imported fact must name the file it came from');
  const file = requireText(imported.file, 'imported.file', LIMITS.fileName);
  const sha256 = (imported.sha256 ?? '').toLowerCase();
  if (!SHA256.test(sha256)) throw new InvalidInput('imported.sha256', 'give the SHA-256 of the imported file as 64 hexadecimal characters');
  if (imported.reportedOn !== effectiveAt.slice(0, 10)) {
    throw new InvalidInput('imported.reportedOn', `${imported.reportedOn} is not the day it takes effect (${effectiveAt.slice(0, 10)}); an imported fact holds from the date the file reports it`);
  }
  const reportedBy = optionalText(imported.reportedBy, 'imported.reportedBy', LIMITS.name);
  return { file, sha256, reportedOn: imported.reportedOn, ...(reportedBy ? { reportedBy } : {}) };
}

/** "from plan.csv, reported 28 Feb 2017 by …": how a report names where an imported fact came from. */
export function describeImport(imported: ImportedFrom): string {
  const [year, month, day] = imported.reportedOn.split('-').map(Number);
  const on = `${day} ${MONTHS[month - 1]} ${year}`;
  return `from ${imported.file}, reported ${on}${imported.reportedBy ? ` by ${imported.reportedBy}` : ''}`;
}
