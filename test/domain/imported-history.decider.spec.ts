import { ActionEvent } from '../../src/domain/action/action.events';
import { InvalidInput, NotPermitted, RuleBroken } from '../../src/domain/errors';
import { PlanCommand } from '../../src/domain/plan/plan.commands';
import { planDecider, PlanState } from '../../src/domain/plan/plan.decider';
import { PlanEvent } from '../../src/domain/plan/plan.events';
import { RAG_SCALE_PRESETS } from '../../src/domain/rag-scale';
import { deciderSpec, recorded } from '../support/decider-spec';
import { added, board, ids, lead, now, qa, ratedA, spec, specFor, sunderland } from './action.fixtures';

const admin = { id: 'admin.pat', role: 'admin' };
const sha256 = 'ab'.repeat(32);
const fromFile = (reportedOn: string, reportedBy?: string) => ({ file: 'plan.csv', sha256, reportedOn, ...(reportedBy ? { reportedBy } : {}) });
const reported = (on: string) => ({ effectiveAt: on, reason: 'Imported from plan.csv' });
const importedCompletion = recorded<ActionEvent>({ type: 'CompletionImported', data: { ...ids, code: 'C', imported: fromFile('2017-02-28') } }, '2017-02-28', board);

describe('action decider: imported history', () => {
  it('records a completion the file reports, with no evidence and no hold, as CompletionImported naming the file', () => {
    spec
      .given([added, ratedA])
      .when({ type: 'ImportCompletion', imported: fromFile('2017-02-28', 'Improvement Board'), ...reported('2017-02-28') }, board)
      .then((decision) => {
        expect(decision.effectiveAt).toBe('2017-02-28T00:00:00.000Z');
        expect(decision.events).toEqual([{ type: 'CompletionImported', data: { ...ids, code: 'C', imported: fromFile('2017-02-28', 'Improvement Board') } }]);
      });
  });

  it('lets only the board import: not QA though QA signs off, not a lead, not an administrator', () => {
    for (const actor of [qa, lead, admin]) {
      spec.given([added]).when({ type: 'ImportCompletion', imported: fromFile('2017-02-28'), ...reported('2017-02-28') }, actor).thenRefuses(NotPermitted, /may not import a plan file; this needs the role board/);
      spec.given([added]).when({ type: 'ImportRating', code: 'A', imported: fromFile('2017-02-28'), ...reported('2017-02-28') }, actor).thenRefuses(NotPermitted);
    }
  });

  it('refuses provenance that does not hold: another day than it takes effect, a SHA-256 that is not one, no file', () => {
    spec.given([added]).when({ type: 'ImportCompletion', imported: fromFile('2017-01-31'), ...reported('2017-02-28') }, board).thenRefuses(InvalidInput, /imported.reportedOn/);
    spec.given([added]).when({ type: 'ImportCompletion', imported: { ...fromFile('2017-02-28'), sha256: 'not-a-hash' }, ...reported('2017-02-28') }, board).thenRefuses(InvalidInput, /SHA-256/);
    spec.given([added]).when({ type: 'ImportCompletion', imported: { ...fromFile('2017-02-28'), file: ' ' }, ...reported('2017-02-28') }, board).thenRefuses(InvalidInput, /imported.file/);
  });

  it('refuses a second completion, imported or not, until the action is reopened', () => {
    spec.given([added, importedCompletion]).when({ type: 'ImportCompletion', imported: fromFile('2017-03-31'), ...reported('2017-03-31') }, board).thenRefuses(RuleBroken, /was completed on 2017-02-28/);
    spec.given([added, importedCompletion]).when({ type: 'ChangeRating', code: 'A' }, lead).thenRefuses(RuleBroken, /reopen it/);
  });

  it('records a rating the file reports as RatingChanged naming the file, under the same rules as any rating', () => {
    spec.given([added]).when({ type: 'ImportRating', code: 'DG', imported: fromFile('2016-11-30'), ...reported('2016-11-30') }, board).then([{ type: 'RatingChanged', data: { ...ids, code: 'DG', imported: fromFile('2016-11-30') } }]);
    spec.given([added]).when({ type: 'ImportRating', code: 'C', imported: fromFile('2016-11-30'), ...reported('2016-11-30') }, board).thenRefuses(InvalidInput);
  });

  it('reopens as the file reports, naming it; and an imported completion can be reopened by hand like a sign-off', () => {
    spec
      .given([added, importedCompletion])
      .when({ type: 'ImportReopening', imported: fromFile('2017-05-31'), ...reported('2017-05-31') }, board)
      .then([{ type: 'ActionReopened', data: { ...ids, imported: fromFile('2017-05-31') } }]);
    spec.given([added]).when({ type: 'ImportReopening', imported: fromFile('2017-05-31'), ...reported('2017-05-31') }, board).thenRefuses(RuleBroken, /not completed/);
    spec.given([added, importedCompletion]).when({ type: 'ReopenAction', reason: 'Audit found gaps' }, qa).then([{ type: 'ActionReopened', data: ids }]);
    specFor({ ...sunderland, signOffRole: 'board' }).given([added, importedCompletion]).when({ type: 'ReopenAction', reason: 'Audit found gaps' }, board).then([{ type: 'ActionReopened', data: ids }]);
  });
});

describe('plan decider: recording an import', () => {
  const planSpec = deciderSpec<PlanState, PlanCommand, PlanEvent>({ ...planDecider, now });
  const created = recorded<PlanEvent>({ type: 'PlanCreated', data: { planId: 'sunderland-2017', title: 'Plan', council: 'Sunderland', signOffRole: 'qa', ratingMethod: 'direct' } }, '2015-09-01');
  const scaled = recorded<PlanEvent>({ type: 'RagScaleDefined', data: { planId: 'sunderland-2017', scale: RAG_SCALE_PRESETS['sunderland-5'] } }, '2015-09-01');
  const importOf = { type: 'RecordImport' as const, file: 'plan.csv', sha256, rows: 67 };

  it('records which file the board imported, once per version of the file', () => {
    planSpec.given([created, scaled]).when(importOf, board).then([{ type: 'PlanFileImported', data: { planId: 'sunderland-2017', file: 'plan.csv', sha256, rows: 67 } }]);
    const once = recorded<PlanEvent>({ type: 'PlanFileImported', data: { planId: 'sunderland-2017', file: 'plan.csv', sha256, rows: 67 } }, '2017-06-30', board);
    planSpec.given([created, scaled, once]).when(importOf, board).then([]);
    planSpec.given([created, scaled, once]).when({ ...importOf, sha256: 'cd'.repeat(32) }, board).then((d) => expect(d.events).toHaveLength(1));
  });

  it('refuses anyone but the board, even for a file already imported', () => {
    const once = recorded<PlanEvent>({ type: 'PlanFileImported', data: { planId: 'sunderland-2017', file: 'plan.csv', sha256, rows: 67 } }, '2017-06-30', board);
    for (const actor of [admin, qa, lead]) {
      planSpec.given([created, scaled]).when(importOf, actor).thenRefuses(NotPermitted, /may not import a plan file/);
      planSpec.given([created, scaled, once]).when(importOf, actor).thenRefuses(NotPermitted);
    }
  });
});
