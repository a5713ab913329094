import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Finding } from '../../src/audit/findings';
import { PUBLIC_KEY_FILE } from '../../src/audit/signing-key';
import { tempDatabase } from '../support/temp-database';
import { buildAuditedLog, copyOf, openAudit } from './support/audited-log';
import { dropConstraints, insertRowAt, resealed, rewriteAndRechain, rowAt, swapRows, tamper, toEnvelope, toRow } from './support/tamper';

const VERIFIER = join(__dirname, '../../tools/verify-export.js');

interface VerifierRun {
  status: number | null;
  stdout: string;
  stderr: string;
  json?: { ok: boolean; eventCount: number; findings: Finding[] };
}

/** The council's published key, which an auditor passes unless a test says otherwise. */
let councilKey: string | undefined;

/** The standalone verifier, as an auditor runs it: its own process, the file and the key they were given. */
function verifier(file: string, ...args: string[]): VerifierRun {
  const keyArgs = args.includes('--public-key') || args.includes('--no-key') || !councilKey ? [] : ['--public-key', councilKey];
  const result = spawnSync(process.execPath, [VERIFIER, file, ...args.filter((a) => a !== '--no-key'), ...keyArgs], { encoding: 'utf8', timeout: 60000 });
  const run: VerifierRun = { status: result.status, stdout: result.stdout, stderr: result.stderr };
  if (args.includes('--json') && result.status !== 2) run.json = JSON.parse(result.stdout);
  return run;
}

type Line = { type: string; leafIndex?: number; event?: Record<string, unknown>; checkpoint?: Record<string, unknown>; events?: number; checkpoints?: number };
const readLines = (file: string): Line[] => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line);
const writeLines = (file: string, lines: Line[]) => writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
/** Keep the end line's counts in step, as a careful tamperer would. */
function withEnd(lines: Line[]): Line[] {
  const body = lines.filter((l) => l.type !== 'end');
  return [...body, { type: 'end', events: body.filter((l) => l.type === 'event').length, checkpoints: body.filter((l) => l.type === 'checkpoint').length, warnings: [] } as Line];
}

describe('tools/verify-export.js, run as a separate process', () => {
  const fixture = tempDatabase('verify-export');
  let full: string;
  let plan: string;
  let publicKey: string;

  beforeAll(async () => {
    await buildAuditedLog(fixture.dir);
    full = join(fixture.dir, 'full.jsonl');
    plan = join(fixture.dir, 'plan.jsonl');
    const { transfer, close } = openAudit(fixture.dir);
    await transfer.exportLog(full);
    await transfer.exportLog(plan, 'sunderland-2017');
    await close();
    publicKey = join(fixture.signerDir, PUBLIC_KEY_FILE);
    councilKey = publicKey;
  });
  afterAll(() => fixture.remove());

  const tampered = (name: string, change: (lines: Line[]) => Line[], from = full) => {
    const file = join(fixture.dir, `${name}.jsonl`);
    writeLines(file, change(readLines(from)));
    return file;
  };

  it("names by id the event rewritten in the issue's attack (rewrite, re-chain, delete the checkpoints), given the export an inspector kept from before", async () => {
    const copy = copyOf(fixture.dir, 'attacked-export');
    try {
      const victim = tamper(copy.file, (db) => {
        const before = toEnvelope(rowAt(db, 150));
        rewriteAndRechain(db, 150, { commentary: 'This action was always on track' });
        db.exec('DROP TRIGGER IF EXISTS checkpoints_reject_delete');
        db.prepare('DELETE FROM checkpoints').run();
        return before;
      });
      const after = join(copy.dir, 'after.jsonl');
      const { transfer, close } = openAudit(copy.dir);
      await transfer.exportLog(after);
      await close();
      // On its own the rewritten export holds together: every hash and link is consistent.
      const alone = verifier(after, '--json');
      expect(alone.json!.findings.filter((f: { kind: string }) => f.kind === 'altered')).toEqual([]);
      // Beside the copy the inspector kept, the rewritten event and the later events of its stream are named.
      const compared = verifier(after, '--compare-with', full);
      expect(compared.status).toBe(1);
      expect(compared.stdout).toContain(`REWRITTEN #150 ${victim.streamId} v${victim.streamVersion} (event ${victim.eventId}): was ${victim.hash}`);
      expect(compared.stdout).toMatch(/RESULT: TAMPERED/);
      // The untouched export against itself names nothing.
      expect(verifier(full, '--compare-with', full).status).toBe(0);
    } finally {
      copy.remove();
    }
  });

  it('accepts the untouched export with the published key, and trusts no key written in the file', () => {
    const withKey = verifier(full, '--public-key', publicKey);
    expect(withKey.status).toBe(0);
    expect(withKey.stdout).toContain('Verified 221 events in 68 streams: every hash and chain link is intact.');
    expect(withKey.stdout).toContain('Checkpoints: 4 of 4 verified.');
    expect(withKey.stdout).toMatch(/RESULT: intact/);
    const keyId = (readLines(full)[0] as unknown as { publicKeys: { keyId: string }[] }).publicKeys[0].keyId;
    const withoutKey = verifier(full, '--no-key');
    expect(withoutKey.status).toBe(2);
    expect(withoutKey.stderr).toMatch(new RegExp(`No log key given.*never trusted. The file says it was signed by key ${keyId}`));
  });

  it('rejects checkpoints signed by a key other than the one given', () => {
    const other = join(fixture.dir, 'other.pem');
    writeFileSync(other, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const run = verifier(full, '--public-key', other, '--json');
    expect(run.status).toBe(1);
    expect(run.json!.findings.map((f) => f.kind)).toEqual(['unknown-key', 'unknown-key', 'unknown-key', 'unknown-key']);
  });

  it('rejects an export whose event was altered, naming the event', () => {
    let eventId = '';
    const file = tampered('altered', (lines) =>
      lines.map((l) => {
        if (l.type !== 'event' || l.leafIndex !== 216) return l;
        eventId = String(l.event!.eventId);
        return { ...l, event: { ...l.event, data: { ...(l.event!.data as object), evidenceId: 'ev-something-else' } } };
      }),
    );
    const run = verifier(file, '--json');
    expect(run.status).toBe(1);
    expect(run.json!.findings.map((f) => [f.kind, f.position, f.eventId])).toEqual([['altered', 217, eventId]]);
  });

  it('rejects an export with an event removed, two swapped, a forged one added, or the tail cut off', () => {
    const events = readLines(full).filter((l) => l.type === 'event');
    const removed = tampered('removed', (lines) => withEnd(lines.filter((l) => !(l.type === 'event' && l.leafIndex === 53))));
    const removedRun = verifier(removed, '--json');
    expect(removedRun.status).toBe(1);
    expect(removedRun.json!.findings).toEqual([expect.objectContaining({ kind: 'missing', position: 54, streamId: events[53].event!.streamId, streamVersion: 1 })]);

    const swapped = tampered('swapped', (lines) => {
      const a = lines.findIndex((l) => l.leafIndex === 214);
      const b = lines.findIndex((l) => l.leafIndex === 215);
      const copy = [...lines];
      [copy[a], copy[b]] = [copy[b], copy[a]];
      return copy;
    });
    const swappedRun = verifier(swapped, '--json');
    expect(swappedRun.status).toBe(1);
    expect(swappedRun.json!.findings.map((f) => f.kind)).toEqual(['reordered']);
    expect([swappedRun.json!.findings[0].eventId, swappedRun.json!.findings[0].related![0].eventId].sort()).toEqual([events[214].event!.eventId, events[215].event!.eventId].sort());

    const forgedId = randomUUID();
    const real = events[211].event as never;
    const forged = resealed({ ...(real as object), eventId: forgedId, data: { planId: 'sunderland-2017', reference: '3.2', code: 'C' } } as never);
    const inserted = tampered('inserted', (lines) => withEnd([...lines.slice(0, 101), { type: 'event', leafIndex: 100, event: forged as never }, ...lines.slice(101)]));
    const insertedRun = verifier(inserted, '--json');
    expect(insertedRun.status).toBe(1);
    expect(insertedRun.json!.findings.map((f) => [f.kind, f.position, f.eventId])).toEqual([['inserted', 101, forgedId]]);

    const cut = tampered('truncated', (lines) => withEnd(lines.filter((l) => !(l.type === 'event' && (l.leafIndex ?? 0) >= 218))));
    const cutRun = verifier(cut, '--json');
    expect(cutRun.status).toBe(1);
    expect(cutRun.json!.findings).toEqual([expect.objectContaining({ kind: 'truncated', position: 219, treeSize: 221 })]);
  });

  it('rejects an export cut short without its end line, and one whose checkpoint was edited', () => {
    const noEnd = tampered('no-end', (lines) => lines.filter((l) => l.type !== 'end'));
    expect(verifier(noEnd).stdout).toMatch(/TRUNCATED the export has no end line/);
    const edited = tampered('checkpoint', (lines) => lines.map((l) => (l.type === 'checkpoint' && l.checkpoint!.treeSize === 214 ? { ...l, checkpoint: { ...l.checkpoint, takenAt: '2017-01-01T00:00:00.000Z' } } : l)));
    const run = verifier(edited, '--json');
    expect(run.status).toBe(1);
    expect(run.json!.findings.map((f) => [f.kind, (f as { treeSize?: number }).treeSize])).toEqual([['bad-signature', 214]]);
  });

  it('checks a one-plan export by its inclusion and consistency proofs, and rejects a moved or altered event', () => {
    const run = verifier(plan, '--public-key', publicKey);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('one-plan export of sunderland-2017');
    const moved = tampered('plan-moved', (lines) => lines.map((l) => (l.type === 'event' && l.leafIndex === 100 ? { ...l, leafIndex: 101 } : l)), plan);
    const movedRun = verifier(moved, '--json');
    expect(movedRun.status).toBe(1);
    expect(movedRun.json!.findings).toEqual([expect.objectContaining({ kind: 'inserted', position: 102 })]);
    const altered = tampered('plan-altered', (lines) => lines.map((l) => (l.type === 'event' && l.leafIndex === 10 ? { ...l, event: { ...l.event, type: 'PriorityRemoved' } } : l)), plan);
    expect(verifier(altered, '--json').json!.findings).toEqual([expect.objectContaining({ kind: 'altered', position: 11 })]);
  });

  it('checks inclusion and consistency proofs printed by the CLI commands', async () => {
    const { audit, close } = openAudit(fixture.dir);
    const eventId = readLines(full).find((l) => l.leafIndex === 120)!.event!.eventId as string;
    const inclusion = join(fixture.dir, 'inclusion.json');
    writeFileSync(inclusion, JSON.stringify(await audit.proveInclusion(eventId, 214), null, 2));
    const consistency = join(fixture.dir, 'consistency.json');
    writeFileSync(consistency, JSON.stringify(await audit.proveConsistency(211, 221), null, 2));
    await close();
    expect(verifier(inclusion, '--public-key', publicKey).stdout).toMatch(new RegExp(`The inclusion-proof holds: event ${eventId} is leaf 120 of the 214 events`));
    expect(verifier(consistency, '--public-key', publicKey).stdout).toMatch(/The consistency-proof holds: the log of 221 events extends the log of 211 events unchanged/);
    const proof = JSON.parse(readFileSync(inclusion, 'utf8'));
    writeFileSync(inclusion, JSON.stringify({ ...proof, leafIndex: 121 }));
    expect(verifier(inclusion, '--public-key', publicKey).status).toBe(1);
  });

  it('reports what the CLI verify reports, for each tampering of the SQLite file, from an export of it', async () => {
    const scenarios: Record<string, (file: string) => void> = {
      altered: (file) => tamper(file, (db) => db.prepare("UPDATE events SET data = replace(data, 'DG', 'C') WHERE global_position = 212").run()),
      deleted: (file) => tamper(file, (db) => db.prepare('DELETE FROM events WHERE global_position = 54').run()),
      swapped: (file) => tamper(file, (db) => swapRows(db, 215, 216)),
      forged: (file) =>
        tamper(file, (db) => {
          dropConstraints(db);
          insertRowAt(db, 100, toRow(resealed({ ...toEnvelope(rowAt(db, 212)), eventId: randomUUID(), data: { forged: true } })));
        }),
      truncated: (file) => tamper(file, (db) => db.prepare('DELETE FROM events WHERE global_position > 218').run()),
    };
    for (const [name, change] of Object.entries(scenarios)) {
      const copy = copyOf(fixture.dir, `compare-${name}`);
      try {
        change(copy.file);
        const { audit, transfer, close } = openAudit(copy.dir);
        const report = await audit.verify();
        const exported = join(copy.dir, 'export.jsonl');
        await transfer.exportLog(exported);
        await close();
        const run = verifier(exported, '--json');
        const shape = (findings: Finding[]) => findings.map((f) => ({ kind: f.kind, position: f.position, eventId: f.eventId, streamId: f.streamId, streamVersion: f.streamVersion }));
        expect({ name, status: run.status, findings: shape(run.json!.findings) }).toEqual({ name, status: 1, findings: shape(report.findings) });
      } finally {
        copy.remove();
      }
    }
  });
});
