import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventEnvelope } from '../../src/event-store/envelope';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { httpClient } from '../support/http-client';
import { CLI, cliToken, runCli } from '../support/run-cli';
import { RunningServer, SERVER, startServer } from '../support/server-process';
import { tempDatabase } from '../support/temp-database';

const WRITES = 1000;
const ACTIONS = 10;
/** The backup starts once this many ratings have been acknowledged, with the rest still coming. */
const BACKUP_AFTER = 300;
const IN_FLIGHT = 4;
const CODES = ['R', 'A', 'G'];
const PLAN = 'backup-plan';
const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Manifest {
  logCopiedAt: string;
  log: { events: number; position: number; eventId: string; checkpoints: number; signingKeyId: string };
  missingEvidence: string[];
  files: { path: string; bytes: number; sha256: string }[];
}

/** Run the built CLI without waiting for it (spawnSync would stop this process's HTTP writers too). */
function cliInBackground(dataDir: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, DATA_DIR: dataDir, EVENTS_FILE: '', READ_MODELS_FILE: '', AUTH_FILE: '', EVIDENCE_DIR: '', EVENTSTORE_CONNECTION_STRING: '', PLAN_AUDIT_SERVER: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

async function readLog(file: string): Promise<EventEnvelope[]> {
  const store = new SqliteEventStore({ filename: file, readonly: true });
  try {
    const all: EventEnvelope[] = [];
    for (let after = 0; ; ) {
      const page = await store.readAll({ after, limit: 5000 });
      if (page.length === 0) return all;
      all.push(...page);
      after = page[page.length - 1].globalPosition;
    }
  } finally {
    await store.close();
  }
}

/** Only the lock files the refusing CLI itself may have made: nothing restored. */
const onlyLockFiles = (dir: string) => readdirSync(dir).filter((name) => !name.startsWith('server.lock'));

/**
 * Issue 22's backup drill, end to end on real files: the built server takes 1,000 ratings, four
 * in flight; `plan-audit backup` runs part-way through, beside the server; `restore-backup` brings
 * it into an empty folder. The restored log verifies, holds every event acknowledged before the
 * backup began, is exactly the source's log up to the backup's position, and a server on it
 * answers the plan's reports as the source's server does at that position. A backup altered
 * afterwards is refused, naming the file. The figures are printed for the README.
 */
describe('a backup taken during 1,000 writes, restored into an empty folder', () => {
  const source = tempDatabase('backup-source');
  const restored = tempDatabase('backup-restored');
  const spare = tempDatabase('backup-spare');
  const out = join(spare.dir, 'backup');
  let server: RunningServer;
  let restoredServer: RunningServer | undefined;
  let board: { token: string };
  let lead: { token: string };
  let admin: { token: string };

  beforeAll(async () => {
    if (!existsSync(SERVER) || !existsSync(CLI)) throw new Error('dist/ is missing: run "npm run build" first (npm test does this for you)');
    board = { token: cliToken(source.dir, 'board.chair', 'board') };
    lead = { token: cliToken(source.dir, 'lead.jo', 'lead') };
    admin = { token: cliToken(source.dir, 'admin.ops', 'admin') };
    // A checkpoint every 0.6 s, so the backup holds several, signed while the writes run.
    server = await startServer(source.dir, { LOAD_EXAMPLE: 'false', CHECKPOINT_INTERVAL_MINUTES: '0.01' });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await restoredServer?.stop();
    for (const folder of [source, restored, spare]) folder.remove();
  });

  it('restores a log that verifies, holds every acknowledged event and answers the same reports', async () => {
    const { call } = httpClient(server.baseUrl);
    const setUp = { effectiveAt: '2020-01-01', reason: 'set up' };
    expect((await call('POST', '/api/plans', board, { planId: PLAN, title: 'Plan', council: 'Council', scale: 'rag', ...setUp })).status).toBe(201);
    expect((await call('POST', `/api/plans/${PLAN}/priorities`, board, { number: 1, title: 'Workforce', ...setUp })).status).toBe(201);
    for (let a = 1; a <= ACTIONS; a++) {
      expect((await call('POST', `/api/plans/${PLAN}/actions`, board, { reference: `1.${a}`, priorityNumber: 1, title: `Action ${a}`, ...setUp })).status).toBe(201);
    }
    // Evidence: one file shared by two items, one of its own, and one erased (its file is gone and not wanted).
    const upload = async (reference: string, evidenceId: string, bytes: Buffer) => {
      const form = new FormData();
      form.set('title', `Evidence ${evidenceId}`);
      form.set('evidenceId', evidenceId);
      form.set('file', new Blob([bytes]), `${evidenceId}.txt`);
      const answer = await fetch(`${server.baseUrl}/api/plans/${PLAN}/actions/${reference}/evidence/upload`, { method: 'POST', headers: { Authorization: `Bearer ${lead.token}` }, body: form });
      expect(answer.status).toBe(201);
    };
    const shared = Buffer.from('caseload audit, March 2020\n');
    const ownFile = Buffer.from('training register, April 2020\n');
    const erased = Buffer.from('a file sent by mistake\n');
    await upload('1.1', 'ev-shared-a', shared);
    await upload('1.2', 'ev-shared-b', shared);
    await upload('1.3', 'ev-own', ownFile);
    await upload('1.4', 'ev-erased', erased);
    expect((await call('POST', `/api/plans/${PLAN}/actions/1.4/evidence/ev-erased/redaction`, admin, { reason: 'sent by mistake' })).status).toBe(201);

    // 1,000 ratings, four in flight; the i-th to action 1.(i mod 10 + 1), a day after the one before.
    const acks: { eventId: string; position: number; at: number }[] = [];
    let next = 0;
    const rate = async () => {
      for (let i = next++; i < WRITES; i = next++) {
        const reference = `1.${(i % ACTIONS) + 1}`;
        const rating = { code: CODES[i % CODES.length], commentary: `rating ${i}`, effectiveAt: new Date(Date.UTC(2020, 1, 1) + i * 86_400_000).toISOString().slice(0, 10), reason: `board ${i}` };
        const answer = await call('POST', `/api/plans/${PLAN}/actions/${reference}/ratings`, lead, rating);
        if (answer.status !== 201) throw new Error(`rating ${i} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        const [event] = (answer.body as { events: { eventId: string; globalPosition: number }[] }).events;
        acks.push({ eventId: event.eventId, position: event.globalPosition, at: Date.now() });
      }
    };
    const writers = Promise.all(Array.from({ length: IN_FLIGHT }, rate));
    while (acks.length < BACKUP_AFTER) await sleep(5);

    // The backup begins: everything acknowledged until now must be in it.
    const ackedBefore = [...acks];
    const backupStarted = Date.now();
    const backup = await cliInBackground(source.dir, ['backup', '--out', out]);
    const backupSeconds = (Date.now() - backupStarted) / 1000;
    const ackedDuring = acks.length - ackedBefore.length;
    await writers;
    expect({ status: backup.status, stderr: backup.stderr }).toEqual({ status: 0, stderr: '' });
    expect(acks).toHaveLength(WRITES);
    const manifestSha256 = /Manifest SHA-256: ([0-9a-f]{64})/.exec(backup.stdout)![1];
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
    // The writes went on while it ran: the backup stands for a point in the middle of them.
    const committedAfter = acks.filter((a) => a.position > manifest.log.position).length;
    expect(committedAfter).toBeGreaterThan(0);
    expect(manifest.missingEvidence).toEqual([]);
    expect(manifest.files.filter((f) => f.path.startsWith('evidence/')).map((f) => f.path.split('/')[2]).sort()).toEqual(
      [shared, ownFile].map((bytes) => sha256Of(bytes)).sort(),
    );
    expect(manifest.log.checkpoints).toBeGreaterThan(0);

    // Restore into an empty folder, checked against the manifest's hash the backup printed.
    const restore = runCli(restored.dir, ['restore-backup', '--from', out, '--manifest-sha256', manifestSha256]);
    expect({ status: restore.status, stderr: restore.stderr }).toEqual({ status: 0, stderr: '' });
    expect(restore.stdout).toContain('Verify: clean');
    const verify = runCli(restored.dir, ['verify', '--json']);
    expect(verify.status).toBe(0);
    const report = JSON.parse(verify.stdout) as { ok: boolean; eventCount: number; findings: unknown[]; checkpoints: { status: string }[] };
    expect(report.ok).toBe(true);
    expect(report.findings).toEqual([]);
    expect(report.checkpoints.length).toBe(manifest.log.checkpoints);
    expect(report.checkpoints.every((c) => c.status === 'verified')).toBe(true);
    // The same signing key, so the restored checkpoints can be extended by the key an auditor knows: restored
    // under keys/ in the data folder, and moved out to the signer folder beside it by the restored server's first start.
    expect(existsSync(join(restored.dir, 'keys/checkpoint-signing.key'))).toBe(false);
    expect(readFileSync(join(`${restored.dir}-signer`, 'checkpoint-signing.key'))).toEqual(readFileSync(join(`${source.dir}-signer`, 'checkpoint-signing.key')));

    // The restored log is the source's log up to the backup's position, event for event.
    const sourceLog = await readLog(join(source.dir, 'events.sqlite'));
    const restoredLog = await readLog(join(restored.dir, 'events.sqlite'));
    const fingerprint = (e: EventEnvelope) => `${e.globalPosition} ${e.eventId} ${e.hash}`;
    expect(restoredLog.length).toBe(manifest.log.position);
    expect(restoredLog.map(fingerprint)).toEqual(sourceLog.slice(0, manifest.log.position).map(fingerprint));
    const restoredIds = new Set(restoredLog.map((e) => e.eventId));
    const lost = ackedBefore.filter((a) => !restoredIds.has(a.eventId));
    expect(lost).toEqual([]);

    // Reports at that position. "Known at" is an instant, and events a few apart can share a
    // millisecond, so compare at the newest instant both logs hold in full: the recordedAt of the
    // last restored event recorded strictly before the first event the backup does not hold.
    const recorded = sourceLog.map((e) => e.metadata.recordedAt);
    expect(recorded.every((at, i) => i === 0 || recorded[i - 1] <= at)).toBe(true);
    const firstLeftOut = recorded[manifest.log.position];
    const heldByBoth = restoredLog.filter((e) => firstLeftOut === undefined || e.metadata.recordedAt < firstLeftOut);
    const knownAt = heldByBoth[heldByBoth.length - 1].metadata.recordedAt;
    const comparedAt = heldByBoth[heldByBoth.length - 1].globalPosition;
    restoredServer = await startServer(restored.dir, { LOAD_EXAMPLE: 'false', CHECKPOINT_INTERVAL_MINUTES: '0' });
    const there = httpClient(restoredServer.baseUrl);
    const questions = [
      `/api/plans/${PLAN}/reports/plan-state?asOf=${knownAt}&knownAt=${knownAt}`,
      // Table 1 and Previous vs Current between a date early in the ratings and one past the last.
      `/api/plans/${PLAN}/reports/rag-summary?from=2021-01-01&to=2023-01-01&knownAt=${knownAt}`,
      `/api/plans/${PLAN}/reports/previous-vs-current?from=2021-01-01&to=2023-01-01&knownAt=${knownAt}`,
      `/api/plans/${PLAN}/reports/completion-register?asOf=${knownAt}&knownAt=${knownAt}`,
      ...Array.from({ length: ACTIONS }, (_, a) => `/api/plans/${PLAN}/actions/1.${a + 1}/history?asOf=${knownAt}&knownAt=${knownAt}`),
    ];
    await waitForReadModels(there.call, lead, manifest.log.position);
    for (const question of questions) {
      const [mine, theirs] = [await call('GET', question, lead), await there.call('GET', question, lead)];
      expect({ question, status: theirs.status, body: theirs.body }).toEqual({ question, status: 200, body: mine.body });
    }
    // The restored server also answers as of now with the restored head: the last ratings the backup holds.
    const now = (await there.call('GET', `/api/plans/${PLAN}`, lead)).body as { actions: { reference: string; rating?: { commentary?: string } }[] };
    const lastHeld = new Map<string, string>();
    for (const e of restoredLog) if (e.type === 'RatingChanged') lastHeld.set((e.data as { reference: string }).reference, (e.data as { commentary: string }).commentary);
    expect(Object.fromEntries(now.actions.map((a) => [a.reference, a.rating?.commentary]))).toEqual(Object.fromEntries(lastHeld));
    // And the evidence files come back by their hash.
    for (const bytes of [shared, ownFile]) {
      const sha256 = sha256Of(bytes);
      const download = await fetch(`${restoredServer.baseUrl}/api/evidence/${sha256}`, { headers: { Authorization: `Bearer ${lead.token}` } });
      expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
    }

    // A restore over the running restored server's folder is refused, naming the server.
    const overServer = runCli(restored.dir, ['restore-backup', '--from', out]);
    expect(overServer.status).toBe(5);
    expect(overServer.stderr).toContain(`pid ${restoredServer.pid}`);

    process.stdout.write(
      [
        'Backup during 1,000 ratings (4 in flight), restored into an empty folder:',
        `  writes acknowledged: ${acks.length}/${WRITES}; ${ackedBefore.length} before the backup began, ${ackedDuring} while it ran (${backupSeconds.toFixed(2)} s, CLI start included)`,
        `  backup: ${manifest.log.events} events up to position ${manifest.log.position} of ${sourceLog.length}, ${manifest.log.checkpoints} checkpoints, ${manifest.files.length} files; ${committedAfter} acknowledged ratings were committed after its snapshot`,
        `  restored: verify clean, ${report.eventCount} events, ${report.checkpoints.length}/${report.checkpoints.length} checkpoints verified; acknowledged-before events missing: ${lost.length} of ${ackedBefore.length}`,
        `  reports at position ${comparedAt} (knownAt ${knownAt}${comparedAt === manifest.log.position ? ', the backup head' : `, ${manifest.log.position - comparedAt} event(s) before the head share the next event's millisecond`}): ${questions.length} of ${questions.length} answers equal to the source's`,
      ].join('\n') + '\n',
    );
  }, 240_000);

  it('refuses a backup changed after it was taken, naming the file, and writes nothing; says what the source lacks', () => {
    const tampered = join(spare.dir, 'tampered');
    cpSync(out, tampered, { recursive: true });
    // One byte of the users' file changed, as someone adding themselves an account would.
    const auth = readFileSync(join(tampered, 'auth.sqlite'));
    auth[auth.length - 100] ^= 0xff;
    writeFileSync(join(tampered, 'auth.sqlite'), auth);
    const target = tempDatabase('backup-tampered');
    try {
      const refused = runCli(target.dir, ['restore-backup', '--from', tampered]);
      expect(refused.status).toBe(6);
      expect(refused.stderr).toContain('auth.sqlite has been changed or damaged since the backup');
      expect(onlyLockFiles(target.dir)).toEqual([]);

      // A manifest rewritten to reach outside the folder is refused before any file is read.
      const manifest = JSON.parse(readFileSync(join(tampered, 'manifest.json'), 'utf8')) as Manifest;
      manifest.files.push({ path: '../../home/.ssh/authorized_keys', bytes: 1, sha256: '0'.repeat(64) });
      writeFileSync(join(tampered, 'manifest.json'), JSON.stringify(manifest));
      const escaping = runCli(target.dir, ['restore-backup', '--from', tampered]);
      expect(escaping.status).toBe(6);
      expect(escaping.stderr).toContain('lists "../../home/.ssh/authorized_keys", which is not a file a backup holds');
      expect(onlyLockFiles(target.dir)).toEqual([]);

      // Other bytes under an evidence file's name, with the manifest rewritten to match them: refused,
      // since the server would hand them out as that evidence.
      const swapped = join(spare.dir, 'swapped');
      cpSync(out, swapped, { recursive: true });
      const swappedManifest = JSON.parse(readFileSync(join(swapped, 'manifest.json'), 'utf8')) as Manifest;
      const evidence = swappedManifest.files.find((f) => f.path.startsWith('evidence/'))!;
      const forged = Buffer.from('a different document\n');
      writeFileSync(join(swapped, evidence.path), forged);
      Object.assign(evidence, { bytes: forged.length, sha256: sha256Of(forged) });
      writeFileSync(join(swapped, 'manifest.json'), JSON.stringify(swappedManifest));
      const swappedRestore = runCli(target.dir, ['restore-backup', '--from', swapped]);
      expect(swappedRestore.status).toBe(6);
      expect(swappedRestore.stderr).toContain(`${evidence.path} is not the file its name says`);
      expect(onlyLockFiles(target.dir)).toEqual([]);

      // Into a folder that is not empty: refused, nothing mixed in.
      writeFileSync(join(target.dir, 'notes.txt'), 'an operator\'s notes\n');
      const intoUsed = runCli(target.dir, ['restore-backup', '--from', out]);
      expect(intoUsed.status).toBe(5);
      expect(intoUsed.stderr).toContain('only into an empty data folder');
      expect(onlyLockFiles(target.dir)).toEqual(['notes.txt']);
      // And a backup never goes into a folder that holds something: it would mix with it.
      const overBackup = runCli(source.dir, ['backup', '--out', out]);
      expect(overBackup.status).toBe(2);
      expect(overBackup.stderr).toContain('--out');
      // The source's evidence: a file the log uses but the folder has lost is listed, not invented;
      // a file whose bytes no longer hash to its name stops the backup, naming it.
      const own = sha256Of(Buffer.from('training register, April 2020\n'));
      const sharedHash = sha256Of(Buffer.from('caseload audit, March 2020\n'));
      rmSync(join(source.dir, 'evidence', own.slice(0, 2), own));
      const withoutOne = runCli(source.dir, ['backup', '--out', join(spare.dir, 'missing-one')]);
      expect(withoutOne.status).toBe(0);
      expect(withoutOne.stderr).toContain(`Warning: 1 evidence file(s) the log still uses were not in`);
      expect((JSON.parse(readFileSync(join(spare.dir, 'missing-one', 'manifest.json'), 'utf8')) as Manifest).missingEvidence).toEqual([own]);
      writeFileSync(join(source.dir, 'evidence', sharedHash.slice(0, 2), sharedHash), 'not the audit any more\n');
      const damaged = runCli(source.dir, ['backup', '--out', join(spare.dir, 'damaged')]);
      expect(damaged.status).not.toBe(0);
      expect(damaged.stderr).toContain(`The evidence file ${join(source.dir, 'evidence', sharedHash.slice(0, 2), sharedHash)} is damaged`);
      expect(existsSync(join(spare.dir, 'damaged', 'manifest.json'))).toBe(false);

      process.stdout.write(`Tampered backup: refused (exit 6) naming auth.sqlite; a manifest path outside the folder refused; other bytes under an evidence file's name refused; nothing written. Source evidence: a lost file listed as missing, a damaged one stops the backup naming it\n`);
    } finally {
      target.remove();
    }
  }, 60_000);
});

/** Wait until the restored server's read models have folded the whole restored log. */
async function waitForReadModels(call: ReturnType<typeof httpClient>['call'], who: { token: string }, head: number): Promise<void> {
  for (let tries = 0; tries < 300; tries++) {
    const health = (await call('GET', '/api/health', who)).body as { projection?: { checkpoint?: number; behind?: number } };
    if (health.projection?.behind === 0) return;
    await sleep(100);
  }
  throw new Error(`the restored server's read models did not reach position ${head}`);
}
