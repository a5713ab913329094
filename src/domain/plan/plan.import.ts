import { Decision } from '../decider';
import { EffectiveTime } from '../effective-date';
import { InvalidInput } from '../errors';
import { requireImportedFrom } from '../imported-from';
import { RecordImport } from './plan.commands';
import { PlanEvent } from './plan.events';
import { PlanState } from './plan.state';

/**
 * An import starts here: the plan decider has checked that the caller may import
 * (plan.decider.ts), so a caller who may not is refused before any row is read, even
 * when the file would add nothing. The file is recorded once per version: importing
 * the same bytes again records nothing, as the rows it holds are already in the log.
 */
export function recordImport(command: RecordImport, state: PlanState, when: EffectiveTime): Decision<PlanEvent> {
  const { file, sha256 } = requireImportedFrom({ file: command.file, sha256: command.sha256, reportedOn: when.effectiveAt.slice(0, 10) }, when.effectiveAt);
  if (!Number.isInteger(command.rows) || command.rows < 0) throw new InvalidInput('rows', 'give the number of rows the file holds');
  if (state.importedFiles[sha256] !== undefined) return { ...when, events: [] };
  return { ...when, events: [{ type: 'PlanFileImported', data: { planId: state.planId, file, sha256, rows: command.rows } }] };
}
