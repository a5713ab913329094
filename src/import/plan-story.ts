import { ratingsByEffectiveDate, ActionState } from '../domain/action/action.state';
import { DomainError, FieldProblem, InvalidInput, NotPermitted } from '../domain/errors';
import { ImportedFrom } from '../domain/imported-from';
import { readCode } from '../domain/code-reading';
import { RagCode } from '../domain/rag-scale';
import { lookAlikes } from '../commands/shared/look-alikes';
import {
  AddActionCommand,
  AddPriorityCommand,
  AddSectionCommand,
  LinkActionRecommendationCommand,
  LinkRecommendationCommand,
  PlaceGroupInSectionCommand,
  RecordRecommendationCommand,
  CreatePlanCommand,
  DecidedCommand,
  ImportCompletionCommand,
  ImportPlanRequest,
  ImportRatingCommand,
  ImportReopeningCommand,
  IssuedBy,
  RecordImportCommand,
  RecordReportingPointCommand,
} from '../commands';
import { milestoneCommands } from './milestone-story';
import type { DecisionBatch } from '../commands/shared/decision-batch';
import { ImportedAction, ImportedPlan, RagColumn } from './plan-rows';
import { textNotInFile } from './plan-shape-columns';
import { shapeOf } from '../domain/plan/plan-shape.state';

/** The file being imported: its name and the SHA-256 of its bytes. */
export interface ImportedFile {
  file: string;
  sha256: string;
}

/**
 * The commands that tell a plan sheet's story, decided on one batch: the plan,
 * that this file is imported into it, its board dates and priorities, each action
 * added, and the history the file reports — the rating at each dated RAG column,
 * completions and reopenings — as imported history: dated at its column
 * (backdated, with the file as the reason), naming the file and its SHA-256, and
 * recorded by the importing user in their own role. No evidence, acceptance or
 * sign-off is made up: none happened here. Only what the log does not already say
 * is issued, so the same file twice issues nothing the second time. Every refusal
 * is collected with its row and column (the caller refuses the whole file if there
 * is any), except a caller who may not import, who is refused at once.
 */
export class PlanStory {
  readonly problems: FieldProblem[] = [];
  /** How cells were read when they were not a code exactly (a Cyrillic "С" taken as C), by row and column. */
  readonly notes: FieldProblem[] = [];
  private readonly planId: string;

  constructor(
    private readonly batch: DecisionBatch,
    private readonly request: ImportPlanRequest,
    private readonly imported: ImportedPlan,
    private readonly by: IssuedBy,
    private readonly reason: string,
    private readonly source: ImportedFile,
  ) {
    this.planId = request.planId;
  }

  /** Create the plan, record the import, name the board dates, add the priorities — whatever is not there yet. False when there is nothing more to decide. */
  async decidePlan(): Promise<boolean> {
    const { planId, reason, by, request, imported } = this;
    const firstDate = imported.ragColumns[0].date;
    if (!(await this.batch.plan(planId)).exists) {
      const { title, council, scale, signOffRole } = request;
      await this.decide(new CreatePlanCommand({ planId, title, council, scale, signOffRole, effectiveAt: firstDate, reason }, by), 'plan');
    }
    if (!(await this.batch.plan(planId)).exists) return false;
    const { file, sha256 } = this.source;
    // Decided even for a file already imported, so that a caller who may not import is refused either way.
    const alreadyImported = (await this.batch.plan(planId)).importedFiles[sha256] !== undefined;
    await this.decide(new RecordImportCommand({ planId, file, sha256, rows: imported.actions.length }, by), 'file');
    // These very bytes are on record: what they report is in the log already, and what happened since (a
    // reopening, a correction) is not undone by reading the same file again.
    if (alreadyImported) return false;
    const plan = await this.batch.plan(planId);
    for (const column of imported.ragColumns) {
      if (plan.reportingPoints[column.label] === undefined) {
        await this.decide(new RecordReportingPointCommand({ planId, label: column.label, date: column.date, effectiveAt: column.date, reason }, by), `column "${column.header}"`);
      }
    }
    for (const priority of imported.priorities) {
      if (!plan.priorities[priority.number]) {
        await this.decide(new AddPriorityCommand({ planId, number: priority.number, title: priority.title, outcome: priority.outcome, effectiveAt: firstDate, reason }, by), `priority ${priority.number}`);
      }
    }
    await this.decideShape(firstDate);
    return true;
  }

  /**
   * The optional shape columns: each priority's section, the recommendations the file numbers
   * (recorded with a text that says the file gives only the number) and each priority's links.
   * Only what the log does not already hold.
   */
  private async decideShape(firstDate: string): Promise<void> {
    const { planId, reason, by, imported } = this;
    const at = { effectiveAt: firstDate, reason };
    const numbers = new Set([...imported.priorities.flatMap((p) => p.recommendations ?? []), ...imported.actions.flatMap((a) => a.recommendations ?? [])]);
    for (const number of numbers) {
      if (shapeOf(await this.batch.plan(planId)).recommendations[number] === undefined) {
        await this.decide(new RecordRecommendationCommand({ planId, number, text: textNotInFile(this.source.file, number), ...at }, by), `recommendation ${number}`);
      }
    }
    for (const priority of imported.priorities) {
      const shape = shapeOf(await this.batch.plan(planId));
      const section = priority.section;
      if (section && !shape.sections[section.number]) await this.decide(new AddSectionCommand({ planId, ...section, ...at }, by), `section ${section.number}`);
      if (section && shape.groupSections[priority.number] !== section.number) {
        await this.decide(new PlaceGroupInSectionCommand({ planId, priorityNumber: priority.number, section: section.number, ...at }, by), `priority ${priority.number}`);
      }
      for (const recommendation of priority.recommendations ?? []) {
        if (!(shapeOf(await this.batch.plan(planId)).groupLinks[priority.number] ?? []).includes(recommendation)) {
          await this.decide(new LinkRecommendationCommand({ planId, priorityNumber: priority.number, recommendation, ...at }, by), `priority ${priority.number}`);
        }
      }
    }
  }

  /** One row's story, decided in date order against what the log (and this batch) already holds. */
  async decideAction(row: ImportedAction): Promise<void> {
    const { planId, reason, by } = this;
    const columns = this.imported.ragColumns;
    const plan = await this.batch.plan(planId);
    const at = (column?: RagColumn) => `row ${row.rowNumber}${column ? `, column "${column.header}"` : ''}`;
    // Each cell read as at every door (code-reading.ts); the deciders read it again from the command and keep it as typed.
    const codes: (RagCode | undefined)[] = [];
    for (const [i, cell] of row.ratings.entries()) {
      try {
        codes.push(cell.trim() === '' ? undefined : readCode(cell, plan.scale.codes, 'code', lookAlikes).code);
      } catch (error) {
        if (!(error instanceof InvalidInput)) throw error;
        this.problems.push({ field: at(columns[i]), message: error.problems[0].message });
        return;
      }
    }
    const action = { planId, reference: row.reference };
    // What the file says, as data: the date of its column and, where it says, who reported it.
    const importedAt = (column: RagColumn, reportedBy = row.reportedBy): ImportedFrom => ({ ...this.source, reportedOn: column.date, ...(reportedBy ? { reportedBy } : {}) });
    let state = await this.batch.action(planId, row.reference);
    const decide = async (command: DecidedCommand, where: string): Promise<boolean> => {
      const decided = await this.decide(command, where);
      state = await this.batch.action(planId, row.reference);
      return decided;
    };

    if (state.status === 'absent') {
      const firstRated = codes.findIndex((code) => code !== undefined);
      const { priority, ofstedReference, title, successMeasures, lead, dueDate, seniorOwner } = row;
      const addedOn = firstRated >= 0 ? columns[firstRated].date : columns[columns.length - 1].date;
      // Added unrated: its first rating is the file's report like every other, recorded below as imported.
      const added = await decide(new AddActionCommand({ ...action, priorityNumber: priority, ofstedReference, title, successMeasures, lead, dueDate, seniorOwner, effectiveAt: addedOn, reason }, by), at());
      if (!added) return;
      for (const recommendation of row.recommendations ?? []) {
        if (!(state.recommendations ?? []).includes(recommendation)) await decide(new LinkActionRecommendationCommand({ ...action, recommendation, effectiveAt: addedOn, reason }, by), at());
      }
    }
    for (const [i, column] of columns.entries()) {
      const wanted = codes[i];
      const typed = row.ratings[i];
      if (!wanted) continue;
      const when = { ...action, effectiveAt: column.date, reason };
      const completedBy = state.status === 'completed' && state.completedAt! <= `${column.date}T23:59:59.999Z`;
      if (wanted.terminal) {
        if (!completedBy) await decide(new ImportCompletionCommand({ ...when, code: typed, imported: importedAt(column, row.signedOffBy ?? row.reportedBy) }, by), at(column));
        continue;
      }
      if (completedBy) await decide(new ImportReopeningCommand({ ...when, imported: importedAt(column) }, by), at(column));
      if (ratingInForce(state, column.date) !== wanted.code) await decide(new ImportRatingCommand({ code: typed, ...when, imported: importedAt(column) }, by), at(column));
    }
    // Milestones as the file reports them at its last board date: each added once, its status changed when the file's differs.
    for (const { command, where } of milestoneCommands(row, state, columns[columns.length - 1].date, reason, by)) await decide(command, where);
  }

  /** Decide one command on the batch; a refusal becomes a problem named by where in the file it came from. */
  private async decide(command: DecidedCommand, where: string): Promise<boolean> {
    try {
      for (const note of await this.batch.decide(command)) this.notes.push({ field: where, message: note });
      return true;
    } catch (error) {
      this.problems.push(problemFrom(error, where));
      return false;
    }
  }
}

/** The code the action held at the end of `date`, by effective date. */
function ratingInForce(state: ActionState, date: string): string | undefined {
  const end = `${date}T23:59:59.999Z`;
  return ratingsByEffectiveDate(state).filter((r) => r.effectiveAt <= end).pop()?.code;
}

/** A refusal of the file's content, named by row and column; a caller who may not import is not a problem with the file, so it is thrown as it is. */
function problemFrom(error: unknown, where: string): FieldProblem {
  if (error instanceof NotPermitted) throw error;
  if (error instanceof InvalidInput) return { field: where, message: error.problems.map((p) => `${p.field}: ${p.message}`).join('; ') };
  if (error instanceof DomainError) return { field: where, message: error.message };
  throw error;
}
