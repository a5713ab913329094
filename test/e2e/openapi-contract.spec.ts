import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliToken } from '../support/run-cli';
import { RunningServer, startServer } from '../support/server-process';
import { tempDatabase } from '../support/temp-database';

const ROOT = join(__dirname, '../..');
const bin = (path: string) => join(ROOT, 'node_modules', path);

/** Run a tool as an integrator would from a shell; its output is kept for the failure message. */
function run(label: string, args: string[], env: Record<string, string> = {}): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${label}:\n${result.stdout}${result.stderr}` };
}

/**
 * The contract, checked by a real client (issue 24): the built server's served document passes
 * `redocly lint` with no errors, openapi-typescript generates its types, an integrator's program
 * (test/contract-client/) compiles against them with tsc --strict and openapi-fetch, and run against
 * the server it drives list plans, Table 1, a history, a rating with If-Match, and a 400, 401, 403,
 * 404 and 409, checking every answer against the document. Any difference fails.
 */
describe('the OpenAPI contract, checked by a generated client', () => {
  const database = tempDatabase('openapi-contract');
  const work = join(ROOT, 'dist', `contract-client-${process.pid}`);
  let server: RunningServer;
  let tokens: { lead: string; inspector: string; auditor: string; board: string };

  beforeAll(async () => {
    tokens = { lead: cliToken(database.dir, 'lee.lead', 'lead'), inspector: cliToken(database.dir, 'ida.inspector', 'inspector'), auditor: cliToken(database.dir, 'aud.auditor', 'auditor'), board: cliToken(database.dir, 'bo.board', 'board') };
    server = await startServer(database.dir);
    mkdirSync(work, { recursive: true });
    cpSync(join(ROOT, 'test/contract-client'), work, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    database.remove();
    rmSync(work, { recursive: true, force: true });
  });

  it('lints, generates, compiles under --strict, and drives the server with no difference from the document', async () => {
    // A time limit of its own: one run on a loaded machine waited here for its whole budget with no CPU spent, and said nothing.
    const served = await fetch(`${server.baseUrl}/api/docs-json`, { headers: { Authorization: `Bearer ${tokens.lead}` }, signal: AbortSignal.timeout(30_000) });
    expect(served.status).toBe(200);
    const document = (await served.json()) as { openapi: string; info: { version: string }; servers: { url: string }[] };
    expect({ openapi: document.openapi, servers: document.servers.map((s) => s.url) }).toEqual({ openapi: '3.1.0', servers: [server.baseUrl] });
    writeFileSync(join(work, 'openapi.json'), JSON.stringify(document));
    // Every command (the writes that take If-Match: plan shape, KPIs and milestones among them) answers CommandResult with its ETag;
    // a stale If-Match is a 409 (rule expected-version), as the README says and the client meets below: never a 412 in the document.
    type Operation = { parameters?: { name: string; in: string; description?: string }[]; responses: Record<string, unknown> };
    const conditional = Object.entries((document as unknown as { paths: Record<string, Record<string, Operation>> }).paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, op]) => ((op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'If-Match') ? [{ path, method, op }] : [])),
    );
    expect(conditional.length).toBeGreaterThan(20);
    const answersCommandResult = (op: Operation) => Object.entries(op.responses).some(([status, response]) => /^2\d\d$/.test(status) && JSON.stringify(response).includes('"#/components/schemas/CommandResult"') && JSON.stringify(response).includes('ETag'));
    const misdescribed = conditional.filter(({ op }) => !answersCommandResult(op) || !op.responses['409'] || '412' in op.responses || !/409/.test(op.parameters!.find((p) => p.name === 'If-Match')!.description ?? ''));
    expect(misdescribed.map(({ path, method }) => `${method.toUpperCase()} ${path}`)).toEqual([]);
    expect(JSON.stringify(document)).not.toMatch(/"412"|Precondition Failed/);

    const lint = run('redocly lint', [bin('@redocly/cli/bin/cli.js'), 'lint', join(work, 'openapi.json'), '--format=summary']);
    const warnings = /(\d+) warnings?/.exec(lint.output)?.[1] ?? '0';
    process.stdout.write(`redocly lint of the served document: ${/(\d+) errors?/.exec(lint.output)?.[1] ?? '0'} errors, ${warnings} warnings\n`);
    expect({ status: lint.status, errors: /(\d+) errors?/.exec(lint.output)?.[1] ?? '0', output: lint.status === 0 ? '' : lint.output }).toEqual({ status: 0, errors: '0', output: '' });

    const generate = run('openapi-typescript', [bin('openapi-typescript/bin/cli.js'), join(work, 'openapi.json'), '-o', join(work, 'api.d.ts')]);
    expect({ status: generate.status, output: generate.status === 0 ? '' : generate.output }).toEqual({ status: 0, output: '' });

    const compile = run('tsc --strict', [bin('typescript/bin/tsc'), '-p', join(work, 'tsconfig.json'), '--strict', '--outDir', join(work, 'out')]);
    expect({ status: compile.status, output: compile.status === 0 ? '' : compile.output }).toEqual({ status: 0, output: '' });

    const client = run('the client', [join(work, 'out', 'integrator.js')], {
      API_BASE: server.baseUrl,
      API_DOCUMENT: join(work, 'openapi.json'),
      LEAD_TOKEN: tokens.lead,
      INSPECTOR_TOKEN: tokens.inspector,
      AUDITOR_TOKEN: tokens.auditor,
      BOARD_TOKEN: tokens.board,
    });
    const summary = JSON.parse(client.output.trim().split('\n').filter((line) => line.startsWith('{"driven"')).pop() ?? '{}') as { driven?: string[]; problems?: string[] };
    process.stdout.write(`contract client drove: ${(summary.driven ?? []).join('; ')}\n`);
    expect({ status: client.status, problems: summary.problems ?? client.output }).toEqual({ status: 0, problems: [] });
    expect(summary.driven).toEqual([
      'GET /api/plans → 200',
      'GET /api/plans/{planId}/reports/{name} → 200',
      'GET /api/plans/{planId}/actions/{reference}/history → 200',
      'POST /api/plans/{planId}/actions/{reference}/ratings → 201',
      'GET /api/plans → 400',
      'GET /api/plans → 401',
      'POST /api/plans/{planId}/actions/{reference}/ratings → 403',
      'GET /api/plans/{planId}/actions/{reference}/history → 404',
      'POST /api/plans/{planId}/actions/{reference}/ratings → 409',
      'POST /api/plans/{planId}/actions/{reference}/evidence → 201',
      'POST /api/plans/{planId}/actions/{reference}/milestones → 201',
      'POST /api/plans/{planId}/actions/{reference}/milestones → 201',
      'POST /api/plans/{planId}/actions/{reference}/milestones/{milestoneId}/status → 201',
      'POST /api/plans/{planId}/recommendations → 201',
      'POST /api/plans/{planId}/actions/{reference}/recommendation-links → 201',
      'GET /api/plans/{planId} → 200',
      'POST /api/plans/{planId}/actions/{reference}/evidence → 201',
      'POST /api/plans/{planId}/actions/{reference}/evidence/{evidenceId}/acceptance → 201',
      'POST /api/plans/{planId}/actions/{reference}/sign-off → 201',
      'GET /api/health → 200',
      'GET /api/health/ready → 200',
      'GET /api/audit/public-key → 200',
      'GET /api/audit/checkpoints → 200',
      'GET /api/audit/verification → 200',
      'POST /api/audit/verification → 200',
      'POST /api/audit/verification → 400',
      'POST /api/plans/{planId}/kpis → 201',
      'POST /api/plans/{planId}/kpis/{kpiId}/values → 201',
      // Every report the document lists (15), each checked against its own schema.
      ...Array.from({ length: 15 }, () => 'GET /api/plans/{planId}/reports/{name} → 200'),
      'GET /api/users → 200',
      'GET /api/users/{id} → 200',
      'GET /api/users/{id}/tokens → 200',
      'POST /api/tokens → 201',
      'POST /api/users/{id}/tokens → 201',
      'GET /api/tokens → 200',
      'POST /api/plans/{planId}/actions/{reference}/evidence/upload → 400',
    ]);
  }, 120_000);
});
