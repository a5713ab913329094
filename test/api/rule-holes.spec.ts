import { randomUUID } from 'node:crypto';
import { EventEnvelope } from '../../src/event-store/envelope';
import { PlanFactsReader } from '../../src/projections/plan-facts/plan-facts.reader';
import { Projector } from '../../src/projections/projector/projector.service';
import { replayPlan } from '../../src/projections/replay/replay-plan';
import { httpHarness, HttpHarness } from '../support/http-harness';

/**
 * The rule holes of issue 25, closed, over the real HTTP app on a fresh SQLite file: each
 * refusal is a 4xx naming the field (or the rule), and appends nothing.
 */
describe('rule holes closed (issue 25), over HTTP', () => {
  let h: HttpHarness;
  const PLAN = '/api/plans/holes';
  const CRITERIA = '/api/plans/holes-criteria';
  const setUp = { effectiveAt: '2024-01-01', reason: 'set up' };
  const allMet = { clearScope: true, clearResourceRequirements: true, resourceAllocated: true, projectPlanDeveloped: true, ambitiousDeliveryTimescales: true };
  const events = async (): Promise<EventEnvelope[]> => h.store.readAll({ after: 0, limit: 10_000 });

  /** Refused with `status`, appending nothing: the answer's body. */
  async function refused(call: () => PromiseLike<{ status: number; body: Record<string, unknown> }>, status: number): Promise<Record<string, unknown>> {
    const before = await h.eventCount();
    const response = await call();
    expect({ status: response.status, body: response.body }).toMatchObject({ status });
    expect(await h.eventCount()).toBe(before);
    return response.body;
  }

  beforeAll(async () => {
    h = await httpHarness('rule-holes');
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'holes', title: 'Plan', council: 'Council', scale: 'sunderland-5', ...setUp }).expect(201);
    await h.http().post(`${PLAN}/priorities`).set(board).send({ number: 1, title: 'Workforce', ...setUp }).expect(201);
    for (const reference of ['1.1', '1.2', '1.3']) await h.http().post(`${PLAN}/actions`).set(board).send({ reference, priorityNumber: 1, title: `Action ${reference}`, ...setUp }).expect(201);
    await h.http().post('/api/plans').set(board).send({ planId: 'holes-criteria', title: 'Projects', council: 'Council', scale: 'rag', ratingMethod: 'criteria', ...setUp }).expect(201);
    await h.http().post(`${CRITERIA}/priorities`).set(board).send({ number: 1, title: 'Projects', ...setUp }).expect(201);
    await h.http().post(`${CRITERIA}/actions`).set(board).send({ reference: 'P1', priorityNumber: 1, title: 'Project 1', ...setUp }).expect(201);
  });
  afterAll(() => h.close());

  describe('a rating derived from the five criteria', () => {
    it('is not corrected to a code by hand (400 naming code, nothing appended); assessing the criteria again from its date puts it right', async () => {
      const lead = h.as('lead');
      const oneUnmet = { ...allMet, resourceAllocated: false };
      const assessed = await h.http().post(`${CRITERIA}/actions/P1/criteria`).set(lead).send({ criteria: oneUnmet, effectiveAt: '2024-02-01', reason: 'February board' }).expect(201);
      const rating = assessed.body.events.find((e: { type: string }) => e.type === 'RatingChanged');

      const body = await refused(() => h.http().post(`${CRITERIA}/actions/P1/ratings/${rating.eventId}/correction`).set(lead).send({ code: 'G', reason: 'it was green' }), 400);
      expect(body.fields).toEqual([{ field: 'code', message: expect.stringMatching(/derived from the five criteria on 2024-02-01, so its code is not set by hand; .*assess the criteria again effective 2024-02-01/) }]);

      // The way the refusal names: the criteria answered again as they stood on 1 February.
      await h.http().post(`${CRITERIA}/actions/P1/criteria`).set(lead).send({ criteria: allMet, effectiveAt: '2024-02-01', reason: 'resources were allocated in January' }).expect(201);
      const then = await h.http().get(`${CRITERIA}?asOf=2024-02-15`).set(h.as('inspector')).expect(200);
      expect(then.body.actions[0].rating.code).toBe('G');
    });
  });

  describe('a reporting point dated before the plan began', () => {
    it('is refused at the command, naming the date (400, nothing appended); one on the day the plan began is taken', async () => {
      const body = await refused(() => h.http().post(`${PLAN}/reporting-points`).set(h.as('board')).send({ label: 'Nov 23', date: '2023-11-30' }), 400);
      expect(body.fields).toEqual([{ field: 'date', message: '2023-11-30 is before plan holes took effect (2024-01-01); a board date such as "Nov 23" is read as the plan stood then, so give a date on or after 2024-01-01' }]);
      await h.http().post(`${PLAN}/reporting-points`).set(h.as('board')).send({ label: 'Start', date: '2024-01-01' }).expect(201);
    });

    describe('already in an older log', () => {
      beforeAll(async () => {
        // As a log written before the command refused them holds it: appended straight to the plan's stream.
        const stream = await h.store.readStream('plan-holes');
        await h.store.append('plan-holes', stream.at(-1)!.streamVersion, [
          {
            type: 'ReportingPointRecorded',
            schemaVersion: 1,
            data: { planId: 'holes', label: 'Nov 23', date: '2023-11-30' },
            // Recorded after "Start" and before "Feb 24": the board date before last, which the pages picked by default.
            metadata: { actor: { id: 'board.user', role: 'board' }, effectiveAt: new Date().toISOString(), correlationId: randomUUID(), causationId: randomUUID(), source: 'api' },
          },
        ]);
        await h.http().post(`${PLAN}/reporting-points`).set(h.as('board')).send({ label: 'Feb 24', date: '2024-02-29' }).expect(201);
        await h.app.get(Projector).caughtUp();
      });

      it.each([
        ['rag-summary', 'from=Nov%2023&to=Feb%2024', 'from'],
        ['previous-vs-current', 'from=Nov%2023', 'from'],
        ['committee', 'from=Nov%2023&to=Feb%2024', 'from'],
        ['rag-summary', 'from=Feb%2024&to=Nov%2023', 'to'],
        ['plan-state', 'asOf=Nov%2023', 'asOf'],
        ['completion-register', 'asOf=2023-11-30', 'asOf'],
      ])('%s with %s answers 400 naming %s and saying the plan had not begun, not "no plan"', async (name, query, field) => {
        const { body } = await h.http().get(`${PLAN}/reports/${name}?${query}`).set(h.as('inspector')).expect(400);
        const date = query.includes('Nov') ? '"Nov 23" (2023-11-30)' : '2023-11-30';
        expect(body.fields).toEqual([{ field, message: `${date} is before plan holes took effect (2024-01-01), so the plan has nothing to show then; choose a date on or after 2024-01-01` }]);
      });

      it('still answers the reports that do not read the plan at it', async () => {
        const { body } = await h.http().get(`${PLAN}/reports/added-between?from=Nov%2023&to=Feb%2024`).set(h.as('inspector')).expect(200);
        expect(body.added.map((a: { reference: string }) => a.reference)).toEqual(['1.1', '1.2', '1.3']);
      });

      it('is not offered by default on the summary and downloads pages; the summary opens without an error', async () => {
        const page = await h.http().get('/plans/holes/summary').set(h.as('inspector')).expect(200);
        expect(page.text).not.toContain('govuk-error-summary');
        expect(page.text).not.toContain('Nov 23');
        const chosen = await h.http().get('/plans/holes/summary?from=Nov%2023&to=Feb%2024').set(h.as('inspector')).expect(200);
        expect(chosen.text).toContain('&quot;Nov 23&quot; (2023-11-30) is before plan holes took effect (2024-01-01)');
        // The downloads page fills each report's dates with the board dates a report can be read at.
        const downloads = await h.http().get('/plans/holes/downloads').set(h.as('inspector')).expect(200);
        expect(downloads.text).toContain('from=Start&amp;to=Feb+24');
        expect(downloads.text).not.toContain('Nov+23');
      });
    });
  });

  describe('milestones', () => {
    it('are not added by a lead (403 with the rule, nothing appended); the board adds them, and the answer names the new milestone', async () => {
      const body = await refused(() => h.http().post(`${PLAN}/actions/1.2/milestones`).set(h.as('lead')).send({ title: 'Recruit two managers' }), 403);
      expect(body.detail).toBe("lead.user (lead) may not add a milestone (milestones shape the plan, which the board does; a lead updates a milestone's status); this needs the role board");

      const added = await h.http().post(`${PLAN}/actions/1.2/milestones`).set(h.as('board')).send({ title: 'Recruit two managers' }).expect(201);
      expect(added.body.milestoneId).toMatch(/^ms-[0-9a-f]{8}$/);
      await h.http().post(`${PLAN}/actions/1.2/milestones/${added.body.milestoneId}/status`).set(h.as('lead')).send({ status: 'On Track' }).expect(201);
    });
  });

  describe('submitting evidence', () => {
    it('answers with the id of the new item, made up when not given, which the next command names', async () => {
      const submitted = await h.http().post(`${PLAN}/actions/1.1/evidence`).set(h.as('lead')).send({ title: 'Caseload report' }).expect(201);
      expect(submitted.body.evidenceId).toMatch(/^ev-[0-9a-f]{8}$/);
      const [recorded] = (await events()).filter((e) => e.type === 'EvidenceSubmitted');
      expect(recorded.data).toMatchObject({ evidenceId: submitted.body.evidenceId });
      await h.http().post(`${PLAN}/actions/1.1/evidence/${submitted.body.evidenceId}/acceptance`).set(h.as('qa')).send({}).expect(201);

      const named = await h.http().post(`${PLAN}/actions/1.1/evidence`).set(h.as('lead')).send({ evidenceId: 'ev-minutes', title: 'Minutes' }).expect(201);
      expect(named.body.evidenceId).toBe('ev-minutes');
      const uploaded = await h.http().post(`${PLAN}/actions/1.1/evidence/upload`).set(h.as('lead')).field('title', 'Audit').attach('file', Buffer.from('audit notes\n'), 'audit.txt').expect(201);
      expect(uploaded.body.evidenceId).toMatch(/^ev-[0-9a-f]{8}$/);
      // Other commands answer as before: no id of an item they did not create.
      const rated = await h.http().post(`${PLAN}/actions/1.1/ratings`).set(h.as('lead')).send({ code: 'A' }).expect(201);
      expect(rated.body).not.toHaveProperty('evidenceId');
      expect(rated.body).not.toHaveProperty('milestoneId');
    });
  });

  describe('a rating typed by its label', () => {
    it('"Completed" is told that completion is the sign-off, which command that is, and the codes to rate with (400, nothing appended)', async () => {
      const body = await refused(() => h.http().post(`${PLAN}/actions/1.3/ratings`).set(h.as('lead')).send({ code: 'Completed' }), 400);
      expect(body.fields).toEqual([
        {
          field: 'code',
          message:
            '"Completed" is C (Completed), which is reached only when the plan\'s sign-off role signs the action off on accepted evidence (sign-off in the CLI, POST …/sign-off in the API, "Sign off" on the action\'s page), not by a rating; rate it with one of R, A, LG, DG',
        },
      ]);
    });

    it('"light green" is read as LG on this unambiguous scale, and the answer says so', async () => {
      const { body } = await h.http().post(`${PLAN}/actions/1.3/ratings`).set(h.as('lead')).send({ code: 'light green', effectiveAt: '2024-02-01', reason: 'February board' }).expect(201);
      expect(body.notes).toEqual(['"light green" read as LG (Light Green)']);
      expect((await events()).at(-1)).toMatchObject({ type: 'RatingChanged', data: { code: 'LG' } });
    });
  });

  describe("a signed-off or withdrawn action's page", () => {
    it('says "Since" the date it was completed, not the date of its rating', async () => {
      const lead = h.as('lead');
      const qa = h.as('qa');
      await h.http().post(`${PLAN}/actions/1.2/ratings`).set(lead).send({ code: 'DG', effectiveAt: '2024-02-01', reason: 'February board' }).expect(201);
      await h.http().post(`${PLAN}/actions/1.2/evidence`).set(lead).send({ evidenceId: 'ev-done', title: 'Audit', effectiveAt: '2024-03-01', reason: 'March' }).expect(201);
      await h.http().post(`${PLAN}/actions/1.2/evidence/ev-done/acceptance`).set(qa).send({ effectiveAt: '2024-03-05', reason: 'March' }).expect(201);
      await h.http().post(`${PLAN}/actions/1.2/sign-off`).set(qa).send({ effectiveAt: '2024-04-10', reason: 'April board' }).expect(201);
      await h.app.get(Projector).caughtUp();
      const page = await h.http().get('/plans/holes/actions/1.2').set(h.as('inspector')).expect(200);
      expect(page.text).toContain('Completed (C)');
      expect(page.text).toContain('Since 10 April 2024');
      expect(page.text).not.toContain('Since 1 February 2024');
    });

    it('says "Since" the date a withdrawn action was withdrawn', async () => {
      await h.http().post(`${PLAN}/actions/1.3/withdrawal`).set(h.as('board')).send({ effectiveAt: '2024-05-01', reason: 'merged into 1.2' }).expect(201);
      await h.app.get(Projector).caughtUp();
      const page = await h.http().get('/plans/holes/actions/1.3').set(h.as('inspector')).expect(200);
      expect(page.text).toContain('Since 1 May 2024');
      expect(page.text).not.toContain('Since 1 February 2024');
    });
  });

  it('keeps the read side equal to the replay oracle', async () => {
    await h.app.get(Projector).caughtUp();
    const now = new Date().toISOString();
    for (const planId of ['holes', 'holes-criteria']) {
      expect(await h.app.get(PlanFactsReader).planAsAt(planId, now, now)).toEqual(replayPlan(await events(), planId, now, now));
    }
  });
});
