import { Decision } from '../decider';
import { requireImportedFrom } from '../imported-from';
import { CodeRead, LookAlikes, notesOf, readCode } from '../code-reading';
import { InvalidInput } from '../errors';
import { RagCode, RagScale, terminalCode } from '../rag-scale';
import { ActionRuleContext, idsOf, optional, requireAfterLastStatusChange, requireNotCompleted } from './action.checks';
import { ImportCompletion, ImportRating, ImportReopening } from './action.commands';
import { reopenAction } from './action.completion';
import { ActionEvent } from './action.events';
import { changeRating } from './action.rating';
import { ActionState } from './action.state';

/**
 * History a plan file carries, recorded as what it is: the file's report, imported by the
 * caller in their own role. A rating and a reopening follow the same rules as when they
 * are made here, and say which file reported them; a completion needs no evidence and no
 * sign-off, because none was given here — it is recorded as CompletionImported, never as
 * a sign-off, so a report can never show it as QA-accepted evidence.
 */

export function importRating(command: ImportRating, state: ActionState, rule: ActionRuleContext): Decision<ActionEvent> {
  const imported = requireImportedFrom(command.imported, rule.when.effectiveAt);
  const decision = changeRating({ type: 'ChangeRating', code: command.code }, state, rule);
  return { ...decision, events: decision.events.map((event) => (event.type === 'RatingChanged' ? { ...event, data: { ...event.data, imported } } : event)) };
}

export function importCompletion(command: ImportCompletion, state: ActionState, { plan, when, lookAlikes }: ActionRuleContext): Decision<ActionEvent> {
  const imported = requireImportedFrom(command.imported, when.effectiveAt);
  const read = command.code === undefined ? undefined : requireCompletedCode(plan.scale, command.code, lookAlikes);
  requireAfterLastStatusChange(state, when);
  requireNotCompleted(state, 'import its completion again');
  const data = { ...idsOf(state, plan), ...optional('code', terminalCode(plan.scale)?.code), ...optional('codeAsTyped', read?.asTyped), imported };
  return { ...when, events: [{ type: 'CompletionImported', data }], ...notesOf(read) };
}

/** The file's cell must read as the scale's completed code. */
function requireCompletedCode(scale: RagScale, typed: string, lookAlikes: LookAlikes): CodeRead<RagCode> {
  const read = readCode(typed, scale.codes, 'code', lookAlikes);
  const completed = terminalCode(scale);
  if (!read.code.terminal) throw new InvalidInput('code', `"${typed}" is not the completed code${completed ? ` (${completed.code})` : ''} of this plan's RAG scale`);
  return read;
}

export function importReopening(command: ImportReopening, state: ActionState, rule: ActionRuleContext): Decision<ActionEvent> {
  const imported = requireImportedFrom(command.imported, rule.when.effectiveAt);
  const decision = reopenAction({ type: 'ReopenAction' }, state, rule);
  return { ...decision, events: decision.events.map((event) => (event.type === 'ActionReopened' ? { ...event, data: { ...event.data, imported } } : event)) };
}
