import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { createHash, randomUUID } from 'node:crypto';
import { FieldProblem, InvalidInput } from '../domain/errors';
import { ImportPlanRequest, ImportProgress, ImportSummary, IssuedBy } from '../commands';
import { RecordTogetherCommand } from '../commands/record-together/record-together.command';
import type { RecordedTogether } from '../commands/record-together/record-together.handler';
import { readPlanFile } from './plan-file';
import { interpretPlanSheet } from './plan-rows';
import { PlanStory } from './plan-story';

/**
 * Turns a plan spreadsheet into the commands that tell its story (PlanStory) and
 * sends them to the command side as one batch, marked source "import", as the
 * caller the edge passes (never another role): the same deciders as the API, one transaction. Every row is decided before
 * anything is written, and a file with any bad row is refused whole, naming
 * each row and column at fault.
 */
@Injectable()
export class ImportPlanService {
  constructor(private readonly commandBus: CommandBus) {}

  async importPlan(request: ImportPlanRequest, issuedBy: IssuedBy, onProgress?: ImportProgress): Promise<ImportSummary> {
    // Who may import is the domain's to say (RecordImport, and each imported fact): the batch's first decision refuses anyone else.
    const sheet = await readPlanFile(request.fileName, request.content);
    const { plan: imported, problems } = interpretPlanSheet(sheet);
    if (problems.length > 0) throw InvalidInput.of(problems);
    const now = new Date().toISOString();
    for (const column of imported.ragColumns) {
      if (`${column.date}T00:00:00.000Z` > now) problems.push({ field: `column "${column.header}"`, message: `${column.date} is in the future; a plan records what has happened` });
    }
    if (problems.length > 0) throw InvalidInput.of(problems);

    // The caller as the edge proved them, in their own role: every event of the import is theirs.
    const by: IssuedBy = { ...issuedBy, source: 'import', correlationId: issuedBy.correlationId ?? randomUUID() };
    const reason = `Imported from ${request.fileName}`;
    const file = { file: request.fileName, sha256: createHash('sha256').update(request.content).digest('hex') };
    const notes: FieldProblem[] = [];
    const { recorded }: RecordedTogether<void> = await this.commandBus.execute(
      new RecordTogetherCommand(async (batch) => {
        const story = new PlanStory(batch, request, imported, by, reason, file);
        if (await story.decidePlan()) {
          let done = 0;
          for (const row of imported.actions) {
            await story.decideAction(row);
            onProgress?.(++done, imported.actions.length);
          }
        }
        // Thrown inside the batch, so nothing of the file is recorded.
        if (story.problems.length > 0) throw InvalidInput.of(story.problems);
        notes.push(...story.notes);
      }),
    );
    const eventsAppended = recorded.reduce((n, stream) => n + stream.events.length, 0);
    const summary: ImportSummary = { planId: request.planId, rows: imported.actions.length, streamsChanged: recorded.length, eventsAppended, alreadyUpToDate: eventsAppended === 0 };
    return { ...summary, ...(sheet.convertedFrom ? { convertedFrom: sheet.convertedFrom } : {}), ...(notes.length > 0 ? { notes } : {}) };
  }
}
