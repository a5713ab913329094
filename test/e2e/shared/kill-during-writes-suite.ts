import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventEnvelope } from '../../../src/event-store/envelope';
import { EventStore } from '../../../src/event-store/event-store.port';
import { httpClient } from '../../support/http-client';
import { cliAdmin, cliToken, CLI, runCli } from '../../support/run-cli';
import { RunningServer, SERVER, startServer } from '../../support/server-process';
import { tempDatabase } from '../../support/temp-database';
import { readModelFacts } from '../../support/read-model-facts';

/** Requests in flight at once: one writer per action, so they never race for one stream's version. */
const WRITERS = 4;
/** Every UPLOAD_EVERY-th write of a writer is an evidence upload (a file written beside the log), the rest ratings. */
const UPLOAD_EVERY = 6;
const PLAN = 'kill-plan';
const CODES = ['R', 'A', 'G'];

interface Acknowledged {
  label: string;
  kind: 'rating' | 'upload';
  eventId: string;
  globalPosition: number;
  sha256?: string;
}

/** The upload's bytes: unique per write, so each acknowledged upload has a file of its own to look for. */
const evidenceText = (label: string) => `Minutes of the board meeting, item ${label}\n`;
const sha256Of = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

export interface KillLeg {
  /** Shown in the suite's name and its figures. */
  name: string;
  /** Kills: 100 on SQLite; fewer on PostgreSQL, whose appends wait on a commit's flush on a shared machine. */
  cycles: number;
  /** Added to the server's and the CLI's environment (DATABASE_URL and DATABASE_SCHEMA on PostgreSQL). */
  env: Record<string, string>;
  /** The log the servers wrote, opened once they have stopped, to read it whole. */
  openLog: (dataDir: string) => EventStore;
  /** After the last server has stopped: drop the leg's schema. */
  cleanUp?: () => Promise<void>;
}

/**
 * The user's view of a crash: the real server takes ratings and evidence uploads through the
 * HTTP API, four requests in flight, and is killed with SIGKILL once a varied number of them
 * have been answered 201 (counted, not timed, so a slow machine does not change the test), then
 * started again on the same folder, as many times as the leg says (100 on SQLite). Every write answered 201 must be in the log, the
 * log must verify, the read models must equal a rebuild from the log, and no file may sit under a
 * hash name with other bytes. The data-folder lock must let each restart in after the kill.
 * The figures are printed for the README's reliability table.
 *
 * Run once per store: kill-during-writes.spec.ts, kill-during-writes.postgres.spec.ts.
 */
export function runKillDuringWritesSuite(leg: KillLeg): void {
  const CYCLES = leg.cycles;
  describe(`kill -9 during writes through the HTTP API (${leg.name})`, () => {
    const database = tempDatabase('kill-during-writes');
    let lead: { token: string };
    let server: RunningServer | undefined;
    const acknowledged: Acknowledged[] = [];
    const attempted = new Set<string>();
    const unexpected: string[] = [];
    const starts: number[] = [];
    const cycleTimes: number[] = [];

    beforeAll(() => {
      if (!existsSync(SERVER) || !existsSync(CLI)) throw new Error('dist/ is missing: run "npm run build" first (npm test does this for you)');
    });
    afterAll(async () => {
      await server?.stop();
      database.remove();
      await leg.cleanUp?.();
    });

    const start = async () => {
      const began = Date.now();
      server = await startServer(database.dir, leg.env);
      starts.push(Date.now() - began);
      return server;
    };

    /** One cycle: WRITERS loops writing until the server is killed, which happens at the killAfter-th acknowledgement. */
    async function writeUntilKilled(running: RunningServer, cycle: number, killAfter: number): Promise<number> {
      const { call } = httpClient(running.baseUrl);
      let acks = 0;
      let killing: Promise<void> | undefined;
      const acknowledge = (ack: Acknowledged) => {
        acknowledged.push(ack);
        if (++acks >= killAfter) killing ??= running.killHard();
      };
      const writer = async (w: number) => {
        const reference = `1.${w + 1}`;
        for (let n = 0; !killing; n++) {
          const label = `c${cycle}-w${w}-n${n}`;
          attempted.add(label);
          try {
            if (n % UPLOAD_EVERY === UPLOAD_EVERY - 1) {
              const form = new FormData();
              form.append('title', `Board minutes ${label}`);
              form.append('file', new Blob([evidenceText(label)], { type: 'text/plain' }), `minutes-${label}.txt`);
              const answer = await fetch(`${running.baseUrl}/api/plans/${PLAN}/actions/${reference}/evidence/upload`, { method: 'POST', headers: { Authorization: `Bearer ${lead.token}`, Connection: 'close' }, body: form });
              const body = (await answer.json()) as { events?: { eventId: string; globalPosition: number }[] };
              if (answer.status !== 201) unexpected.push(`${label} upload answered ${answer.status}: ${JSON.stringify(body)}`);
              else acknowledge({ label, kind: 'upload', eventId: body.events![0].eventId, globalPosition: body.events![0].globalPosition, sha256: sha256Of(evidenceText(label)) });
            } else {
              const rating = { code: CODES[n % CODES.length], commentary: `kill -9 test ${label}`, effectiveAt: '2024-06-01', reason: `board ${label}` };
              const answer = await call('POST', `/api/plans/${PLAN}/actions/${reference}/ratings`, lead, rating);
              if (answer.status !== 201) unexpected.push(`${label} rating answered ${answer.status}: ${JSON.stringify(answer.body)}`);
              else acknowledge({ label, kind: 'rating', eventId: answer.body.events[0].eventId, globalPosition: answer.body.events[0].globalPosition });
            }
          } catch {
            // The connection died with the server: this write was never acknowledged (it may or may not be in the log).
            return;
          }
        }
      };
      await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
      // A writer can only stop by the kill or by its connection dying; either way the server must be gone.
      await (killing ?? running.killHard());
      return acks;
    }

    it(`loses no acknowledged write over ${CYCLES} kills`, async () => {
      const setUpBegan = Date.now();
      const board = { token: cliToken(database.dir, 'board.chair', 'board', leg.env) };
      lead = { token: cliToken(database.dir, 'lead.jo', 'lead', leg.env) };
      const first = await start();
      const { call } = httpClient(first.baseUrl);
      const setUp = { effectiveAt: '2024-01-01', reason: 'set up' };
      expect((await call('POST', '/api/plans', board, { planId: PLAN, title: 'Kill plan', council: 'Council', scale: 'rag', ...setUp })).status).toBe(201);
      expect((await call('POST', `/api/plans/${PLAN}/priorities`, board, { number: 1, title: 'Workforce', ...setUp })).status).toBe(201);
      for (let w = 1; w <= WRITERS; w++) {
        expect((await call('POST', `/api/plans/${PLAN}/actions`, board, { reference: `1.${w}`, priorityNumber: 1, title: `Action ${w}`, ...setUp })).status).toBe(201);
      }

      const setUpTook = Date.now() - setUpBegan;
      let running = first;
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const began = Date.now();
        // 1 to 40 acknowledgements, varied from cycle to cycle but the same on every run.
        await writeUntilKilled(running, cycle, 1 + ((cycle * 37) % 40));
        // The folder's lock went with the process: the next server must start on it at once.
        running = await start();
        cycleTimes.push(Date.now() - began);
      }
      expect(unexpected).toEqual([]);

      // The last restart's read models: wait until they hold the whole log, then keep them to compare.
      const health = httpClient(running.baseUrl);
      for (let tries = 0; ; tries++) {
        const now = (await health.call('GET', '/api/health')).body as { projection: { behind: number } };
        if (now.projection.behind === 0) break;
        if (tries > 600) throw new Error(`the read models did not catch up: ${JSON.stringify(now)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Both clocks fixed, so the two answers can be compared: the plan as it stood once the last write was in.
      const planAsItStood = `/api/plans/${PLAN}?asOf=${encodeURIComponent(new Date().toISOString())}&knownAt=${encodeURIComponent(new Date().toISOString())}`;
      const shownBefore = (await health.call('GET', planAsItStood, lead)).body;
      expect(shownBefore.actions).toHaveLength(WRITERS);
      await running.stop();
      server = undefined;

      const store = leg.openLog(database.dir);
      const all: EventEnvelope[] = [];
      try {
        for (let after = 0; ; ) {
          const page = await store.readAll({ after, limit: 5000 });
          if (page.length === 0) break;
          all.push(...page);
          after = page[page.length - 1].globalPosition;
        }
      } finally {
        await store.close();
      }
      const byId = new Map(all.map((event) => [event.eventId, event]));
      const labelOf = (event: EventEnvelope) => {
        const data = event.data as { commentary?: string; title?: string };
        return /(c\d+-w\d+-n\d+)$/.exec(data.commentary ?? data.title ?? '')?.[1];
      };
      const labelsInLog = all.map(labelOf).filter((label): label is string => label !== undefined);
      const inLog = new Set(labelsInLog);
      // Each write is in the log at most once: a write sent once never lands twice, whatever the kills.
      expect(labelsInLog.filter((label, index) => labelsInLog.indexOf(label) !== index)).toEqual([]);

      // Every 201 is in the log: the same event id at the same position, carrying that write.
      const lost = acknowledged.filter((ack) => {
        const event = byId.get(ack.eventId);
        return !event || event.globalPosition !== ack.globalPosition || labelOf(event) !== ack.label;
      });
      expect(lost).toEqual([]);
      const acknowledgedLabels = new Set(acknowledged.map((ack) => ack.label));
      const committedUnacknowledged = [...inLog].filter((label) => !acknowledgedLabels.has(label));
      // Nothing in the log that no one sent.
      expect(committedUnacknowledged.filter((label) => !attempted.has(label))).toEqual([]);

      // The log verifies end to end: hashes, chains, signed checkpoints.
      const verify = runCli(database.dir, ['verify'], leg.env);
      expect({ status: verify.status, stdout: verify.stdout }).toEqual({ status: 0, stdout: expect.stringMatching(/\S/) });

      // No file under a hash name holds other bytes (a partial write), and every acknowledged upload's file is there.
      const evidenceDir = join(database.dir, 'evidence');
      const files = readdirSync(evidenceDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
      const underHash = files.filter((entry) => /^[0-9a-f]{64}$/.test(entry.name));
      const damaged = underHash.filter((entry) => sha256Of(readFileSync(join(entry.parentPath, entry.name))) !== entry.name).map((entry) => entry.name);
      expect(damaged).toEqual([]);
      const present = new Set(underHash.map((entry) => entry.name));
      const uploads = acknowledged.filter((ack) => ack.kind === 'upload');
      expect(uploads.filter((ack) => !present.has(ack.sha256!))).toEqual([]);
      const leftOver = files.filter((entry) => /\.part$/.test(entry.name)).length;

      // The read models the last server built equal a rebuild from the log: no event applied twice or skipped across the kills.
      const facts = () => readModelFacts(database.dir);
      const projected = facts();
      const rebuilt = runCli(database.dir, ['rebuild-read-models'], { ...leg.env, ...cliAdmin(database.dir, leg.env) });
      expect({ status: rebuilt.status, stderr: rebuilt.stderr }).toEqual({ status: 0, stderr: '' });
      expect(facts()).toEqual(projected);
      const after = await start();
      const shownAfter = (await httpClient(after.baseUrl).call('GET', planAsItStood, lead)).body;
      expect(shownAfter).toEqual(shownBefore);

      expect(acknowledged.length).toBeGreaterThanOrEqual(CYCLES);
      const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
      process.stdout.write(
        [
          `kill -9 during writes through the HTTP API, ${leg.name} (${WRITERS} requests in flight, ratings and evidence uploads):`,
          `  cycles: ${CYCLES}, each killed after 1 to 40 acknowledgements`,
          `  writes acknowledged (201): ${acknowledged.length} (${uploads.length} uploads)`,
          `  found in the log: ${acknowledged.length - lost.length}; lost: ${lost.length}`,
          `  committed but unacknowledged (in flight at the kill): ${committedUnacknowledged.length} of ${attempted.size - acknowledged.length} unanswered`,
          `  verify: exit ${verify.status}; ${all.length} events in the log`,
          `  files under a hash name with other bytes: ${damaged.length}; acknowledged uploads without their file: 0; .part files left by the kills: ${leftOver}`,
          `  read models after the last restart equal a rebuild: ${projected.length} facts`,
          `  set up (users by the CLI, the plan through the API): ${setUpTook} ms`,
          `  server start: first ${starts[0]} ms, restarts mean ${Math.round(mean(starts.slice(1, CYCLES + 1)))} ms; cycle mean ${Math.round(mean(cycleTimes))} ms`,
        ].join('\n') + '\n',
      );
    }, 1_200_000);
  });
}
