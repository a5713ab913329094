import { ratingsByEffectiveDate, ActionState } from '../domain/action/action.state';
import { DomainError, FieldProblem, InvalidInput } from '../domain/errors';
import { findCode } from '../domain/rag-scale';
import {
  AcceptEvidenceCommand,
  AddActionCommand,
  AddPriorityCommand,
  ChangeRatingCommand,
  CreatePlanCommand,
  DecidedCommand,
  ImportPlanRequest,
  IssuedBy,
  RecordReportingPointCommand,
  ReopenActionCommand,
  SignOffCompletionCommand,
  SubmitEvidenceCommand,
} from '../commands';
import type { DecisionBatch } from '../commands/shared/decision-batch';
import { ImportedAction, ImportedPlan, RagColumn } from './plan-rows';

/**
 * The commands that tell a plan sheet's story, decided on one batch: the plan,
 * its board dates and priorities, each action added, its rating at each dated RAG
 * column, and completions — the same commands the API takes, dated at their
 * column (backdated, with the file as the reason). Only what the log does not
 * already say is issued, so the same file twice issues nothing the second time.
 * Every refusal is collected with its row and column; the caller refuses the
 * whole file if there is any.
 */
export class PlanStory {
  readonly problems: FieldProblem[] = [];
  private readonly planId: string;

  constructor(
    private readonly batch: DecisionBatch,
    private readonly request: ImportPlanRequest,
    private readonly imported: ImportedPlan,
    private readonly by: IssuedBy,
    private readonly reason: string,
  ) {
    this.planId = request.planId;
  }

  /** Create the plan, name the board dates, add the priorities — whatever is not there yet. False when there is no plan to add actions to. */
  async decidePlan(): Promise<boolean> {
    const { planId, reason, by, request, imported } = this;
    const firstDate = imported.ragColumns[0].date;
    if (!(await this.batch.plan(planId)).exists) {
      const { title, council, scale, signOffRole } = request;
      await this.decide(new CreatePlanCommand({ planId, title, council, scale, signOffRole, effectiveAt: firstDate, reason }, by), 'plan');
    }
    const plan = await this.batch.plan(planId);
    if (!plan.exists) return false;
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
    return true;
  }

  /** One row's story, decided in date order against what the log (and this batch) already holds. */
  async decideAction(row: ImportedAction): Promise<void> {
    const { planId, reason, by } = this;
    const columns = this.imported.ragColumns;
    const plan = await this.batch.plan(planId);
    const at = (column?: RagColumn) => `row ${row.rowNumber}${column ? `, column "${column.header}"` : ''}`;
    for (const [i, code] of row.ratings.entries()) {
      if (code && !findCode(plan.scale, code)) {
        this.problems.push({ field: at(columns[i]), message: `"${code}" is not on this plan's RAG scale (${plan.scale.codes.map((c) => c.code).join(', ')})` });
        return;
      }
    }
    const action = { planId, reference: row.reference };
    const signOff: IssuedBy = { ...by, actor: { ...by.actor, role: plan.signOffRole } };
    let state = await this.batch.action(planId, row.reference);
    const decide = async (command: DecidedCommand, where: string): Promise<boolean> => {
      const decided = await this.decide(command, where);
      state = await this.batch.action(planId, row.reference);
      return decided;
    };

    if (state.status === 'absent') {
      const firstRated = row.ratings.findIndex((code) => code !== '');
      const first = firstRated >= 0 ? findCode(plan.scale, row.ratings[firstRated]) : undefined;
      const { priority, ofstedReference, title, successMeasures, lead, dueDate } = row;
      const addedOn = firstRated >= 0 ? columns[firstRated].date : columns[columns.length - 1].date;
      const initialRating = first && !first.terminal ? first.code : undefined;
      const added = await decide(
        new AddActionCommand({ ...action, priorityNumber: priority, ofstedReference, title, successMeasures, lead, dueDate, initialRating, effectiveAt: addedOn, reason }, by),
        at(),
      );
      if (!added) return;
    }
    for (const [i, column] of columns.entries()) {
      const wanted = findCode(plan.scale, row.ratings[i] ?? '');
      if (!wanted) continue;
      const when = { ...action, effectiveAt: column.date, reason };
      const completedBy = state.status === 'completed' && state.completedAt! <= `${column.date}T23:59:59.999Z`;
      if (wanted.terminal) {
        if (completedBy) continue;
        const evidenceId = `import-${column.label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
        const agreed = `Completion agreed by the ${plan.signOffRole === 'board' ? 'Improvement Board' : 'Quality Assurance service'} as recorded in the plan (${column.label})`;
        if (!state.evidence[evidenceId]) await decide(new SubmitEvidenceCommand({ evidenceId, title: agreed, ...when }, by), at(column));
        if (state.evidence[evidenceId]?.status === 'submitted') await decide(new AcceptEvidenceCommand({ evidenceId, ...when }, signOff), at(column));
        await decide(new SignOffCompletionCommand({ commentary: agreed, ...when }, signOff), at(column));
        continue;
      }
      if (completedBy) await decide(new ReopenActionCommand(when, signOff), at(column));
      if (ratingInForce(state, column.date) !== wanted.code) await decide(new ChangeRatingCommand({ code: wanted.code, ...when }, by), at(column));
    }
  }

  /** Decide one command on the batch; a refusal becomes a problem named by where in the file it came from. */
  private async decide(command: DecidedCommand, where: string): Promise<boolean> {
    try {
      await this.batch.decide(command);
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

function problemFrom(error: unknown, where: string): FieldProblem {
  if (error instanceof InvalidInput) return { field: where, message: error.problems.map((p) => `${p.field}: ${p.message}`).join('; ') };
  if (error instanceof DomainError) return { field: where, message: error.message };
  throw error;
}
