import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ActionCommand } from '../domain/action/action.commands';
import { decideAction, evolveAction } from '../domain/action/action.decider';
import { ActionState, ratingsByEffectiveDate } from '../domain/action/action.state';
import { DomainError, FieldProblem, InvalidInput } from '../domain/errors';
import { actionStreamId, planStreamId } from '../domain/identifiers';
import { requireRole } from '../domain/permissions';
import { PlanCommand } from '../domain/plan/plan.commands';
import { decidePlan, evolvePlan, PlanState } from '../domain/plan/plan.decider';
import { findCode, RagScale } from '../domain/rag-scale';
import { SignOffRole } from '../domain/roles';
import { NewEvent } from '../event-store/envelope';
import { EVENT_STORE, EventStore, StreamAppend } from '../event-store/event-store.port';
import { ActionStreams } from '../commands/shared/action-streams';
import { IssuedBy } from '../commands/shared/issued-by';
import { PlanStreams } from '../commands/shared/plan-streams';
import { foldNewEvents, toNewEvents } from '../commands/shared/record-decision';
import { readPlanFile } from './plan-file';
import { ImportedAction, interpretPlanSheet, RagColumn } from './plan-rows';

export interface ImportPlanRequest {
  planId: string;
  title: string;
  council: string;
  scale: string | RagScale;
  signOffRole?: SignOffRole;
  fileName: string;
  content: Buffer;
}

export interface ImportSummary {
  planId: string;
  rows: number;
  streamsChanged: number;
  eventsAppended: number;
  /** True when the file held nothing the log did not already have. */
  alreadyUpToDate: boolean;
}

export type ImportProgress = (rowsDone: number, rowsTotal: number) => void;

/**
 * Turns a plan spreadsheet into the events that tell its story: the plan, its
 * priorities and board dates, each action added, its rating at each dated RAG
 * column, and completions. Every event goes through the same deciders as a
 * typed command, dated at its column (backdated, with the file as the reason),
 * marked source "import".
 *
 * It appends only what the log does not already say, so re-running the same file
 * appends nothing. Every row is decided before anything is written, and a file
 * with any bad row is refused whole, naming each row and column at fault.
 */
@Injectable()
export class ImportPlanService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly plans: PlanStreams,
    private readonly actions: ActionStreams,
  ) {}

  async importPlan(request: ImportPlanRequest, issuedBy: IssuedBy, onProgress?: ImportProgress): Promise<ImportSummary> {
    requireRole(issuedBy.actor, ['board'], 'import a plan');
    const sheet = await readPlanFile(request.fileName, request.content);
    const { plan: imported, problems } = interpretPlanSheet(sheet);
    if (problems.length > 0) throw InvalidInput.of(problems);

    const now = new Date();
    const reason = `Imported from ${request.fileName}`;
    const by: IssuedBy = { ...issuedBy, source: 'import', correlationId: issuedBy.correlationId ?? randomUUID() };
    const firstDate = imported.ragColumns[0].date;
    for (const column of imported.ragColumns) {
      if (`${column.date}T00:00:00.000Z` > now.toISOString()) problems.push({ field: `column "${column.header}"`, message: `${column.date} is in the future; a plan records what has happened` });
    }
    if (problems.length > 0) throw InvalidInput.of(problems);

    // The plan stream: create it, name the board dates, add the priorities — whatever is not there yet.
    const loadedPlan = await this.plans.load(request.planId);
    let plan = loadedPlan.state;
    const planEvents: NewEvent[] = [];
    const decideOnPlan = (command: PlanCommand, where: string) => {
      try {
        const decision = decidePlan(command, plan, { actor: by.actor, now });
        const recorded = toNewEvents(decision, by);
        planEvents.push(...recorded);
        plan = foldNewEvents(plan, recorded, evolvePlan);
      } catch (error) {
        problems.push(problemFrom(error, where));
      }
    };
    if (!plan.exists) {
      decideOnPlan(
        { type: 'CreatePlan', planId: request.planId, title: request.title, council: request.council, scale: request.scale, signOffRole: request.signOffRole, effectiveAt: firstDate, reason },
        'plan',
      );
    }
    if (!plan.exists) throw InvalidInput.of(problems);
    for (const column of imported.ragColumns) {
      if (plan.reportingPoints[column.label] === undefined) {
        decideOnPlan({ type: 'RecordReportingPoint', label: column.label, date: column.date, effectiveAt: column.date, reason }, `column "${column.header}"`);
      }
    }
    for (const priority of imported.priorities) {
      if (!plan.priorities[priority.number]) {
        decideOnPlan({ type: 'AddPriority', number: priority.number, title: priority.title, outcome: priority.outcome, effectiveAt: firstDate, reason }, `priority ${priority.number}`);
      }
    }

    const appends: StreamAppend[] = [];
    if (planEvents.length > 0) appends.push({ streamId: planStreamId(request.planId), expectedVersion: loadedPlan.version, events: planEvents });
    let done = 0;
    for (const row of imported.actions) {
      const loaded = await this.actions.load(request.planId, row.reference);
      const events = this.actionEvents(row, loaded.state, plan, imported.ragColumns, by, now, reason, problems);
      if (events.length > 0) appends.push({ streamId: actionStreamId(request.planId, row.reference), expectedVersion: loaded.version, events });
      onProgress?.(++done, imported.actions.length);
    }
    if (problems.length > 0) throw InvalidInput.of(problems);

    const results = appends.length > 0 ? await this.store.appendMany(appends) : [];
    const eventsAppended = results.reduce((n, r) => n + r.events.length, 0);
    return { planId: request.planId, rows: imported.actions.length, streamsChanged: appends.length, eventsAppended, alreadyUpToDate: eventsAppended === 0 };
  }

  /** The events one row adds to its action's story, decided in date order against what the log already holds. */
  private actionEvents(
    row: ImportedAction,
    loaded: ActionState,
    plan: PlanState,
    columns: RagColumn[],
    by: IssuedBy,
    now: Date,
    reason: string,
    problems: FieldProblem[],
  ): NewEvent[] {
    let state = loaded;
    const events: NewEvent[] = [];
    const signOff: IssuedBy = { ...by, actor: { id: by.actor.id, role: plan.signOffRole } };
    const decide = (command: ActionCommand, where: string, as: IssuedBy = by): boolean => {
      try {
        const decision = decideAction(command, state, { actor: as.actor, now, plan });
        const recorded = toNewEvents(decision, as);
        events.push(...recorded);
        state = foldNewEvents(state, recorded, evolveAction);
        return true;
      } catch (error) {
        problems.push(problemFrom(error, where));
        return false;
      }
    };
    const at = (column?: RagColumn) => `row ${row.rowNumber}${column ? `, column "${column.header}"` : ''}`;
    const firstRated = row.ratings.findIndex((code) => code !== '');
    const addedOn = firstRated >= 0 ? columns[firstRated].date : columns[columns.length - 1].date;

    for (const [i, code] of row.ratings.entries()) {
      if (code && !findCode(plan.scale, code)) {
        problems.push({ field: at(columns[i]), message: `"${code}" is not on this plan's RAG scale (${plan.scale.codes.map((c) => c.code).join(', ')})` });
        return [];
      }
    }
    if (state.status === 'absent') {
      const first = firstRated >= 0 ? findCode(plan.scale, row.ratings[firstRated]) : undefined;
      const added = decide(
        {
          type: 'AddAction',
          reference: row.reference,
          priorityNumber: row.priority,
          ofstedReference: row.ofstedReference,
          title: row.title,
          successMeasures: row.successMeasures,
          lead: row.lead,
          dueDate: row.dueDate,
          initialRating: first && !first.terminal ? first.code : undefined,
          effectiveAt: addedOn,
          reason,
        },
        at(),
      );
      if (!added) return [];
    }
    columns.forEach((column, i) => {
      const wanted = findCode(plan.scale, row.ratings[i] ?? '');
      if (!wanted) return;
      const when = { effectiveAt: column.date, reason };
      const completedBy = state.status === 'completed' && state.completedAt! <= `${column.date}T23:59:59.999Z`;
      if (wanted.terminal) {
        if (completedBy) return;
        const evidenceId = `import-${column.label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
        const agreed = `Completion agreed by the ${plan.signOffRole === 'board' ? 'Improvement Board' : 'Quality Assurance service'} as recorded in the plan (${column.label})`;
        if (!state.evidence[evidenceId]) decide({ type: 'SubmitEvidence', evidenceId, title: agreed, ...when }, at(column));
        if (state.evidence[evidenceId]?.status === 'submitted') decide({ type: 'AcceptEvidence', evidenceId, ...when }, at(column), signOff);
        decide({ type: 'SignOffCompletion', commentary: agreed, ...when }, at(column), signOff);
        return;
      }
      if (completedBy) decide({ type: 'ReopenAction', ...when }, at(column), signOff);
      if (ratingInForce(state, column.date) !== wanted.code) decide({ type: 'ChangeRating', code: wanted.code, ...when }, at(column));
    });
    return events;
  }
}

/** The code the action held at the end of `date`, by effective date. */
function ratingInForce(state: ActionState, date: string): string | undefined {
  const end = `${date}T23:59:59.999Z`;
  return ratingsByEffectiveDate(state).filter((r) => r.effectiveAt <= end).pop()?.code;
}

function problemFrom(error: unknown, where: string): FieldProblem {
  if (error instanceof InvalidInput) return { field: `${where}`, message: error.problems.map((p) => `${p.field}: ${p.message}`).join('; ') };
  if (error instanceof DomainError) return { field: where, message: error.message };
  throw error;
}
