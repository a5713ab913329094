import { existsSync } from 'node:fs';
import { EventEnvelope } from '../../src/event-store/envelope';
import { replayKpis } from '../../src/projections/replay/replay-kpis';
import { commandHarness } from '../support/command-harness';
import { asToken, CLI, cliToken, runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';

/**
 * KPIs through the built CLI on a real SQLite file: a year of monthly figures, one corrected,
 * and `report kpis --as-of --known-at` equal to the replay oracle over the same log.
 */
describe('plan-audit CLI: KPIs', () => {
  jest.setTimeout(600_000);
  const database = tempDatabase('cli-kpis');
  const tokens: Record<string, string> = {};
  const as = (role: 'board' | 'lead', ...args: string[]) => runCli(database.dir, args, asToken(tokens[role]));
  const report = (...args: string[]) => runCli(database.dir, ['report', 'kpis', '--plan', 'cli-kpis', ...args]);
  const ok = (result: { status: number | null; stdout: string; stderr: string }) => {
    if (result.status !== 0) throw new Error(`exit ${result.status}: ${result.stderr}`);
    return result.stdout;
  };
  const FIGURES = [12, 14, 13, 15, 15, 17, 16, 18, 19, 18, 20, 9];
  let decemberId = '';
  let correctedAt = '';
  let events: EventEnvelope[] = [];

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npx tsc -p tsconfig.build.json" first`);
    tokens.board = cliToken(database.dir, 'board.chair', 'board');
    tokens.lead = cliToken(database.dir, 'lead.jo', 'lead');
    ok(as('board', 'create-plan', '--plan', 'cli-kpis', '--title', 'Plan', '--council', 'Council', '--scale', 'rag-completed', '--effective', '2025-01-01', '--reason', 'set up'));
    ok(as('board', 'add-priority', '--plan', 'cli-kpis', '--number', '1', '--title', 'Workforce', '--effective', '2025-01-01', '--reason', 'set up'));
    ok(
      as('board', 'define-kpi', '--plan', 'cli-kpis', '--kpi', 'KPI 1', '--priority', '1', '--name', 'Social workers recruited', '--unit', 'staff', '--target', '18', '--better', 'higher', '--amber-within', '2', '--period', 'monthly', '--effective', '2025-01-01', '--reason', 'agreed in January'),
    );
    for (const [i, value] of FIGURES.entries()) {
      const answer = JSON.parse(ok(as('lead', 'record-kpi', '--plan', 'cli-kpis', '--kpi', 'KPI 1', '--period', `2025-${String(i + 1).padStart(2, '0')}`, '--value', String(value), '--json')));
      if (i === 11) decemberId = answer.events[0].eventId;
    }
    const correction = JSON.parse(ok(as('lead', 'correct-kpi', '--plan', 'cli-kpis', '--kpi', 'KPI 1', '--corrects', decemberId, '--value', '19', '--reason', 'keyed 9 for 19', '--json')));
    correctedAt = correction.events[0].recordedAt;
    const h = await commandHarness('cli-kpis-read', database.dir);
    events = await h.store.readAll({ after: 0, limit: 10_000 });
    await h.close();
  });
  afterAll(() => database.remove());

  it('reads the year as at its end, as known before and after the correction, equal to the replay oracle', () => {
    const justBefore = new Date(Date.parse(correctedAt) - 1).toISOString();
    const asOf = '2025-12-31T23:59:59.999Z';
    const after = JSON.parse(ok(report('--as-of', '2025-12-31', '--known-at', correctedAt, '--format', 'json')));
    expect(after).toEqual(replayKpis(events, 'cli-kpis', asOf, correctedAt));
    expect(after.kpis[0]).toMatchObject({ previous: { period: '2025-11', value: 20 }, current: { period: '2025-12', value: 19, correction: { reason: 'keyed 9 for 19' } }, direction: 'worsening', rag: 'Green' });
    expect(after.kpis[0].values).toHaveLength(12);
    const before = JSON.parse(ok(report('--as-of', '2025-12-31', '--known-at', justBefore, '--format', 'json')));
    expect(before).toEqual(replayKpis(events, 'cli-kpis', asOf, justBefore));
    expect(before.kpis[0]).toMatchObject({ current: { period: '2025-12', value: 9 }, direction: 'worsening', rag: 'Red' });
    // As at the end of June: May 15, June 17 (Amber, within 2 of 18).
    const june = JSON.parse(ok(report('--as-of', '2025-06-30', '--known-at', correctedAt, '--format', 'json')));
    expect(june).toEqual(replayKpis(events, 'cli-kpis', '2025-06-30T23:59:59.999Z', correctedAt));
    expect(june.kpis[0]).toMatchObject({ previous: { value: 15 }, current: { period: '2025-06', value: 17 }, direction: 'improving', rag: 'Amber' });
  });

  it('prints the table for the committee; a figure without a user, or a second one for a month, is refused and appends nothing', () => {
    const md = ok(report('--as-of', '2025-12-31', '--known-at', correctedAt));
    expect(md).toContain('| 1. Workforce | KPI 1: Social workers recruited | at least 18 staff; Amber within 2 staff | 20 staff (2025-11) | 19 staff (2025-12) (corrected) | Worsening | Green |');
    const streamEvents = () => ok(runCli(database.dir, ['events', 'kpi-cli-kpis/kpi_1', '--json'])).trim().split('\n').length;
    const before = streamEvents();
    expect(before).toBe(1 + 12 + 1);
    const anonymous = runCli(database.dir, ['record-kpi', '--plan', 'cli-kpis', '--kpi', 'KPI 1', '--period', '2026-01', '--value', '20']);
    expect(anonymous.status).not.toBe(0);
    expect(anonymous.stderr).toMatch(/Not authenticated/);
    const twice = as('lead', 'record-kpi', '--plan', 'cli-kpis', '--kpi', 'KPI 1', '--period', 'Dec 2025', '--value', '21');
    expect(twice.status).toBe(5);
    expect(twice.stderr).toContain('already has a figure for 2025-12');
    const notANumber = as('lead', 'record-kpi', '--plan', 'cli-kpis', '--kpi', 'KPI 1', '--period', '2026-01', '--value', 'lots');
    expect(notANumber.status).toBe(2);
    expect(notANumber.stderr).toContain('--value');
    expect(streamEvents()).toBe(before);
  });
});
