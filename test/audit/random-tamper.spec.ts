import Database from 'better-sqlite3';
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempDatabase } from '../support/temp-database';
import { buildAuditedLog, openAudit } from './support/audited-log';
import { allRows, dropConstraints, EventRow, insertRowAt, tamper } from './support/tamper';

const PER_KIND = 100;
const KINDS = ['data byte', 'metadata byte', 'field', 'row removed', 'row duplicated', 'rows swapped'] as const;
type MutationKind = (typeof KINDS)[number];
const FIELDS = ['stream_id', 'stream_version', 'event_id', 'type', 'schema_version', 'prev_hash', 'hash'] as const;

/** A small seeded generator (mulberry32), so a failure can be replayed with SEED=… */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] };
}

type Random = ReturnType<typeof random>;

/** Change one character of a text to a different printable one. */
function changeOneCharacter(rng: Random, text: string): string {
  const at = rng.int(text.length);
  let replacement = text[at];
  while (replacement === text[at]) replacement = String.fromCharCode(0x20 + rng.int(0x5f));
  return text.slice(0, at) + replacement + text.slice(at + 1);
}

interface Mutation {
  what: string;
  /** For a change to one row's contents: its place in the log. */
  position?: number;
  /** The events concerned, to see whether the report names them. */
  events: { eventId: string; streamId: string; streamVersion: number }[];
}

const ref = (row: EventRow) => ({ eventId: row.event_id, streamId: row.stream_id, streamVersion: row.stream_version });

/** Apply one random mutation and say what was done. */
function mutate(db: Database.Database, rng: Random, kind: MutationKind): Mutation {
  // A determined tamperer rebuilds the table without its constraints, so every kind of change can land.
  dropConstraints(db);
  const rows = allRows(db);
  const row = rng.pick(rows);
  const update = (column: string, value: unknown) => db.prepare(`UPDATE events SET ${column} = ? WHERE global_position = ?`).run(value, row.global_position);
  switch (kind) {
    case 'data byte':
      update('data', changeOneCharacter(rng, row.data));
      return { what: `data of #${row.global_position}`, position: row.global_position, events: [ref(row)] };
    case 'metadata byte':
      update('metadata', changeOneCharacter(rng, row.metadata));
      return { what: `metadata of #${row.global_position}`, position: row.global_position, events: [ref(row)] };
    case 'field': {
      const field = rng.pick(FIELDS);
      const current = row[field as keyof EventRow];
      let value: unknown;
      if (typeof current === 'number') value = current + (rng.next() < 0.5 ? -1 : 1);
      else if (current === null) value = 'ab'.repeat(32);
      else value = changeOneCharacter(rng, String(current));
      update(field, value);
      return { what: `${field} of #${row.global_position}`, position: row.global_position, events: [ref(row)] };
    }
    case 'row removed':
      db.prepare('DELETE FROM events WHERE global_position = ?').run(row.global_position);
      return { what: `#${row.global_position} removed`, events: [ref(row)] };
    case 'row duplicated': {
      const at = 1 + rng.int(rows.length + 1);
      const { global_position: _, ...copy } = row;
      insertRowAt(db, at, copy);
      return { what: `#${row.global_position} copied to #${at}`, events: [ref(row)] };
    }
    case 'rows swapped': {
      let other = rng.pick(rows);
      while (other.global_position === row.global_position) other = rng.pick(rows);
      const { global_position: p, ...a } = row;
      const { global_position: q, ...b } = other;
      const set = db.prepare(`UPDATE events SET ${Object.keys(a).map((c) => `${c} = @${c}`).join(', ')} WHERE global_position = @position`);
      set.run({ ...b, position: p });
      set.run({ ...a, position: q });
      return { what: `#${p} and #${q} swapped`, events: [ref(row), ref(other)] };
    }
  }
}

/**
 * Hundreds of random single changes to a signed log, each on a fresh copy of the
 * real SQLite file: every one must be detected.
 */
describe('random tampering', () => {
  const fixture = tempDatabase('random-tamper');
  const work = mkdtempSync(join(tmpdir(), 'plan-audit-random-'));

  beforeAll(async () => {
    await buildAuditedLog(fixture.dir);
    cpSync(`${fixture.dir}-signer`, `${work}-signer`, { recursive: true });
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(`${work}-signer`, { recursive: true, force: true });
    fixture.remove();
  });

  it(`detects every one of ${PER_KIND * KINDS.length} random single mutations`, async () => {
    const seed = Number(process.env.SEED ?? 19_2017);
    const rng = random(seed);
    const undetected: string[] = [];
    const unnamed: string[] = [];
    const perKind = new Map<MutationKind, { tried: number; detected: number; named: number; findingKinds: Set<string>; ms: number }>();
    const file = join(work, 'events.sqlite');
    for (const kind of KINDS) {
      const tally = { tried: 0, detected: 0, named: 0, findingKinds: new Set<string>(), ms: 0 };
      const started = Date.now();
      perKind.set(kind, tally);
      for (let i = 0; i < PER_KIND; i++) {
        copyFileSync(join(fixture.dir, 'events.sqlite'), file);
        const mutation = tamper(file, (db) => mutate(db, rng, kind));
        const { audit, close } = openAudit(work, { readonly: true });
        const report = await audit.verify();
        await close();
        tally.tried += 1;
        if (report.ok) undetected.push(`${kind}: ${mutation.what}`);
        else tally.detected += 1;
        report.findings.forEach((f) => tally.findingKinds.add(f.kind));
        // Named: some finding points at an event concerned, by id or by stream and version (a removed event has no id left).
        const names = (e: Mutation['events'][number]) =>
          report.findings.some((f) => [f, ...(f.related ?? [])].some((r) => r.eventId === e.eventId || (r.streamId === e.streamId && r.streamVersion === e.streamVersion)));
        if (mutation.events.some(names)) tally.named += 1;
        if (mutation.position !== undefined && !report.ok && !report.findings.some((f) => f.position === mutation.position)) {
          unnamed.push(`${kind}: ${mutation.what} → ${report.findings.map((f) => `${f.kind} #${f.position}`).join(', ')}`);
        }
      }
      tally.ms = Date.now() - started;
    }
    const tried = [...perKind.values()].reduce((n, t) => n + t.tried, 0);
    const detected = [...perKind.values()].reduce((n, t) => n + t.detected, 0);
    process.stdout.write(
      `random tamper (seed ${seed}): ${tried} mutations, ${detected} detected (${((100 * detected) / tried).toFixed(1)} %)\n` +
        [...perKind.entries()].map(([kind, t]) => `  ${kind}: ${t.detected}/${t.tried} detected, ${t.named} with the event named; reported as ${[...t.findingKinds].sort().join(', ')} (${t.ms} ms)`).join('\n') +
        '\n',
    );
    expect(undetected).toEqual([]);
    // A change to one row's contents is always pinned on that row.
    expect(unnamed).toEqual([]);
    expect(tried).toBeGreaterThanOrEqual(500);
  });
});
