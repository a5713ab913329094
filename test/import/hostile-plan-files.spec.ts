import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAST_CHECK_SEED } from '../support/fixed-seed';
import { cleanPlanFiles, HostilePlanFile, hostilePlanCorpus } from '../support/hostile-plan-corpus';
import { httpHarness } from '../support/http-harness';
import { tempDatabase } from '../support/temp-database';

/**
 * The issue's "200 hostile files": every file imported through ImportPlanCommand on a real SQLite
 * file, in a child process of its own (dist/test/import/hostile-importer.js, built by
 * `npm run build`) so the peak memory printed is the importer's and not jest's. Each file is
 * accepted, appending exactly what the clean example appends, or refused with an InvalidInput
 * (the CLI's exit 2) and nothing appended; never any other error. A sample goes in as evidence
 * through the HTTP API too: no 5xx, and a refused upload appends nothing.
 */
const DRIVER = join(__dirname, '../../dist/test/import/hostile-importer.js');

interface Imported {
  name: string;
  ms: number;
  outcome: 'accepted' | 'refused' | 'error';
  message?: string;
  appended: number;
  types: Record<string, number>;
  /** The importing process's peak resident memory once this file was done. */
  peakRssMb: number;
}

function runDriver(folder: string, dataDir: string): { results: Imported[]; peakRssMb: number } {
  const child = spawnSync(process.execPath, [DRIVER, folder], {
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, EVENTS_FILE: join(dataDir, 'events.sqlite') },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 15 * 60 * 1000,
  });
  if (child.status !== 0) throw new Error(`hostile-importer exited ${child.status}: ${child.stderr}`);
  const lines = child.stdout.trim().split('\n').map((text) => JSON.parse(text) as Imported);
  return { results: lines.filter((l) => l.name), peakRssMb: lines[lines.length - 1].peakRssMb };
}

describe('200 hostile plan files', () => {
  let corpus: HostilePlanFile[];
  beforeAll(async () => {
    corpus = await hostilePlanCorpus(FAST_CHECK_SEED);
  });

  it('imports each one as accepted (what the clean example appends) or refused with nothing appended, never another error; prints the figures', async () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    const database = tempDatabase('hostile-200');
    const folder = join(database.dir, 'files');
    mkdirSync(folder);
    // Numbered so the driver, reading in name order, imports the two clean files first.
    const all = [...(await cleanPlanFiles()), ...corpus];
    const fileName = (file: HostilePlanFile, index: number) => `${String(index).padStart(3, '0')}-${file.name}`;
    all.forEach((file, index) => writeFileSync(join(folder, fileName(file, index)), file.content));
    try {
      const baseline = runDriver('baseline', join(database.dir, 'baseline'));
      const { results, peakRssMb } = runDriver(folder, database.dir);
      expect(results.map((r) => r.name)).toEqual(all.map(fileName));
      const [cleanCsv, cleanXlsx] = results;
      expect(cleanCsv).toMatchObject({ outcome: 'accepted', types: cleanXlsx.types });
      expect(cleanCsv.appended).toBeGreaterThan(100);

      const byKind = new Map<string, { files: number; accepted: number; refused: number; error: number }>();
      const wrong: string[] = [];
      let slowestRefusal = { ms: 0, name: '' };
      for (const [index, file] of corpus.entries()) {
        const result = results[index + 2];
        const kind = byKind.get(file.kind) ?? { files: 0, accepted: 0, refused: 0, error: 0 };
        kind.files++;
        kind[result.outcome]++;
        byKind.set(file.kind, kind);
        if (result.outcome === 'refused' && result.ms > slowestRefusal.ms) slowestRefusal = result;
        const expected =
          result.outcome === 'error'
            ? false
            : result.outcome === 'refused'
              ? file.expect !== 'clean' && result.appended === 0
              : file.expect === 'either' ? result.appended > 0 : file.expect === 'clean' && JSON.stringify(result.types) === JSON.stringify(cleanCsv.types);
        if (!expected) wrong.push(`${result.name} (expected ${file.expect}): ${result.outcome}, ${result.appended} events appended ${result.message ?? JSON.stringify(result.types)}`);
      }
      // maxRSS only grows: the file that raised it most is the costliest to read.
      const costliest = results.slice(1).reduce((most, r, i) => (r.peakRssMb - results[i].peakRssMb > most.rise ? { name: r.name, rise: r.peakRssMb - results[i].peakRssMb } : most), { name: '', rise: 0 });
      const refused = results.slice(2).filter((r) => r.outcome === 'refused');
      const table = [...byKind].map(([kind, n]) => `  ${kind.padEnd(20)} ${String(n.files).padStart(3)} files: ${n.accepted} accepted, ${n.refused} refused, ${n.error} other errors`).join('\n');
      process.stdout.write(
        `Hostile plan files (seed ${FAST_CHECK_SEED}): ${corpus.length} files in ${byKind.size} kinds\n${table}\n` +
          `  accepted ${results.slice(2).filter((r) => r.outcome === 'accepted').length}, refused ${refused.length}, other errors ${results.filter((r) => r.outcome === 'error').length}; ` +
          `events appended by refused files: ${refused.reduce((sum, r) => sum + r.appended, 0)}; a clean import appends ${cleanCsv.appended}\n` +
          `  slowest refusal ${slowestRefusal.ms.toFixed(0)} ms (${slowestRefusal.name}); peak RSS of the importing process ${peakRssMb.toFixed(0)} MB (the app booted alone: ${baseline.peakRssMb.toFixed(0)} MB; ` +
          `after the clean imports ${cleanXlsx.peakRssMb.toFixed(0)} MB; the biggest rise, ${costliest.rise.toFixed(0)} MB, at ${costliest.name})\n`,
      );
      expect(wrong).toEqual([]);
    } finally {
      database.remove();
    }
  });

  it('takes a sample of them as evidence over HTTP with no 5xx: 201 appends one event, a refusal (too big) appends nothing', async () => {
    const h = await httpHarness('hostile-evidence', { evidenceMaxBytes: 2 * 1024 * 1024 });
    try {
      const board = h.as('board');
      await h.http().post('/api/plans').set(board).send({ planId: 'ev-plan', title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
      await h.http().post('/api/plans/ev-plan/priorities').set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
      await h.http().post('/api/plans/ev-plan/actions').set(board).send({ reference: '1.1', priorityNumber: 1, title: 'Caseloads', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
      // Every fourth file, and every file past the upload limit, so "too big" is surely among them.
      const sample = corpus.filter((file, index) => index % 4 === 0 || file.content.length > 2 * 1024 * 1024);
      const statuses = new Map<number, number>();
      const wrong: string[] = [];
      for (const file of sample) {
        const before = await h.eventCount();
        const response = await h.http().post('/api/plans/ev-plan/actions/1.1/evidence/upload').set(h.as('lead')).field('title', file.name).attach('file', file.content, file.name);
        const appended = (await h.eventCount()) - before;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500 || appended !== (response.status === 201 ? 1 : 0)) wrong.push(`${file.name}: ${response.status}, ${appended} events appended`);
      }
      process.stdout.write(`Hostile files as evidence: ${sample.length} uploads, statuses ${[...statuses].sort().map(([s, n]) => `${s}×${n}`).join(', ')}\n`);
      expect(wrong).toEqual([]);
      expect(statuses.get(413) ?? 0).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });
});
