import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { cliAdmin, cliToken, runCli } from './run-cli';
import { RunningServer, startServer } from './server-process';
import { tempDatabase } from './temp-database';

/** Debian's chromium; `.ci/run` installs it with apt-get when it is missing. Playwright never downloads a browser here. */
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '../../test-artifacts');
export const SCREENSHOTS = join(ARTIFACTS, 'screenshots');
export const PASSWORD = 'correct horse battery staple';

/**
 * Run the browser suite only where chromium is installed. Elsewhere say so in one
 * line and register a skipped test, never a passing one (the same pattern as the
 * EventStoreDB contract suite).
 */
export function describeInChromium(name: string, body: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, body);
    return;
  }
  process.stdout.write(`SKIPPED: browser suite "${name}" — ${CHROMIUM} is not installed (apt-get install -y chromium; .ci/run installs it)\n`);
  describe(name, () => {
    it.skip(`runs only when ${CHROMIUM} is installed`, () => undefined);
  });
}

/** One person's browser: headless chromium with a fresh profile (user-data dir) of its own, removed on close. */
export interface PersonBrowser {
  context: BrowserContext;
  page: Page;
  /** Content-security-policy violations, script errors and assets that failed to load, seen so far: a page should have none. */
  problems: string[];
  close: () => Promise<void>;
}

export async function openBrowser(): Promise<PersonBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'plan-audit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = watchForProblems(page);
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Collect the page's CSP violations, script errors and assets that failed to load, as they happen. */
export function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  // A page answered 400 or 403 on purpose is not a problem; a stylesheet or script that fails to load is.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
  });
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'document' && response.status() >= 400) problems.push(`${response.status()} for ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/** The server as `npm start` runs it, with people who can sign in, created with the CLI as an administrator would. */
export interface WebFixture {
  baseUrl: string;
  dataDir: string;
  /** API tokens of the systems made before the start, by user id. */
  tokens: Record<string, string>;
  /** Call the JSON API as one of those systems. */
  api: (user: string, method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;
  eventCount: () => Promise<number>;
  /** Resolve once the read models hold every event recorded so far. */
  caughtUp: () => Promise<void>;
  stop: () => Promise<void>;
}

export interface Users {
  /** People who sign in to the pages with PASSWORD. */
  people: { id: string; role: string }[];
  /** Systems that call the API with a token (to set a plan up). */
  systems?: { id: string; role: string }[];
}

/** `env` adds to or overrides the server's environment (e.g. the OIDC_* settings and a PORT chosen beforehand). */
export async function startWebServer(label: string, users: Users, env: Record<string, string> = {}): Promise<WebFixture> {
  const database = tempDatabase(label);
  for (const person of users.people) {
    const added = runCli(database.dir, ['add-user', '--id', person.id, '--role', person.role], { ...cliAdmin(database.dir), PLAN_AUDIT_NEW_PASSWORD: PASSWORD });
    if (added.status !== 0) throw new Error(added.stderr);
  }
  const tokens = Object.fromEntries((users.systems ?? []).map((system) => [system.id, cliToken(database.dir, system.id, system.role)]));
  const server: RunningServer = await startServer(database.dir, { LOAD_EXAMPLE: '', ...env });
  const health = async () => (await (await fetch(`${server.baseUrl}/api/health`)).json()) as { headPosition: number; projection: { behind: number } };
  const caughtUp = async () => {
    for (let i = 0; i < 300; i++) {
      const h = await health();
      if (h.headPosition > 0 && h.projection.behind === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the read models did not catch up with the log within 30 s');
  };
  // The first start loads the Sunderland example.
  await caughtUp();
  const api = async (user: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${tokens[user]}`, ...(body instanceof FormData || body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text };
  };
  return {
    baseUrl: server.baseUrl,
    dataDir: database.dir,
    tokens,
    api,
    eventCount: async () => (await health()).headPosition,
    caughtUp,
    // The server first: its data folder is removed only once it has exited.
    stop: async () => {
      await server.stop();
      database.remove();
    },
  };
}

export async function signIn(page: Page, baseUrl: string, user: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Run axe-core on the page as it stands, against WCAG 2.0–2.2 A and AA. axe is
 * evaluated through the DevTools protocol, not injected as a <script>, so the
 * page's strict CSP stays on while it runs. Results are kept in test-artifacts.
 */
export async function axeViolations(page: Page, label: string): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  // A string, evaluated in the page: the tests compile without the DOM's types. resultTypes keeps every rule
  // and every violating node; it only stops axe collecting each passing and incomplete node, which nothing reads.
  const violations = (await page.evaluate(`(async () => {
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  })()`)) as AxeViolation[];
  // One file per page, so suites running side by side never write the same file.
  mkdirSync(join(ARTIFACTS, 'axe'), { recursive: true });
  writeFileSync(join(ARTIFACTS, 'axe', `${label.replace(/[^a-z0-9-]+/gi, '-')}.json`), `${JSON.stringify({ page: label, url: page.url(), violations }, null, 2)}\n`);
  return violations;
}

export const seriousOrCritical = (violations: AxeViolation[]) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
