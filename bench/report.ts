import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AsOfQueryFigures, AsOfQueryName, FirstReadFigures } from './as-of-queries';
import { CommandThroughput } from './command-throughput';
import { HttpFigures } from './http-load';
import { DatasetLoad } from './load-dataset';
import { PairWorkload, StoreFigures } from './store-pairs';

/** Everything one run measured; written as bench/results/<date>.json. */
export interface BenchResults {
  command: string;
  date: string;
  quick: boolean;
  machine: { cpus: number; cpuModel: string; memoryGb: number; platform: string; node: string; sqlite: string };
  seed: number;
  dataset: DatasetLoad & { totalEvents: number; commandEvents: number };
  commands: { normal: Omit<CommandThroughput, 'openReferences'>; full: Omit<CommandThroughput, 'openReferences'> };
  orderedRead: { events: number; seconds: number; perSecond: number; runs: number[] };
  rebuild: { events: number; seconds: number; perSecond: number; peakRssMb: number; runs: number[] };
  verify: { events: number; streams: number; checkpoints: number; seconds: number; perSecond: number; runs: number[] };
  asOf: Record<AsOfQueryName, AsOfQueryFigures>;
  firstRead: FirstReadFigures;
  http: { startSeconds: number; writes: HttpFigures; reads: HttpFigures; planReads: HttpFigures & { bytesPerResponse: number } };
  storage: { eventsFileBytes: number; bytesPerEvent: number; readModelsFileBytes: number; readModelBytesPerEvent: number };
  pairs: { workload: PairWorkload; ours: StoreFigures; peer?: StoreFigures; peerSkipped?: string };
  /** Every read-model answer sampled equal to naive replay, and the log verified. */
  oracleMatched: boolean;
}

const n = (value: number, digits = 0) => value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (value: number) => `${n(value, value < 10 ? 2 : 1)} ms`;
const met = (ok: boolean) => (ok ? 'met' : '**missed**');

interface Row {
  figure: string;
  ours: string;
  target: string;
  verdict: string;
  peer?: string;
  ratio?: string;
}

function rows(r: BenchResults): Row[] {
  const { normal, full } = r.commands;
  const q = r.asOf;
  const peer = r.pairs.peer;
  const pair = (ours: number, theirs: number | undefined, unit: string, need: number): Pick<Row, 'peer' | 'ratio' | 'verdict'> =>
    theirs === undefined ? { peer: 'not run', ratio: '–', verdict: 'not run' } : { peer: `${n(theirs)} ${unit}`, ratio: `${n(ours / theirs, 1)}×`, verdict: `${met(ours / theirs >= need)} (≥ ${need}×)` };
  const list: Row[] = [
    { figure: 'Commands through the CommandBus, synchronous=NORMAL', ours: `${n(normal.commandsPerSecond)}/s, p50 ${ms(normal.p50Ms)}, p99 ${ms(normal.p99Ms)}`, target: '≥ 10,000/s, p99 ≤ 2 ms', verdict: met(normal.commandsPerSecond >= 10_000 && normal.p99Ms <= 2) },
    { figure: 'Commands through the CommandBus, synchronous=FULL', ours: `${n(full.commandsPerSecond)}/s, p50 ${ms(full.p50Ms)}, p99 ${ms(full.p99Ms)}`, target: '≥ 4,000/s, p99 ≤ 2 ms', verdict: met(full.commandsPerSecond >= 4_000 && full.p99Ms <= 2) },
    { figure: 'Bulk append (import), one transaction per plan', ours: `${n(r.dataset.bulkEventsPerSecond)} events/s`, target: '≥ 100,000 events/s', verdict: met(r.dataset.bulkEventsPerSecond >= 100_000) },
    { figure: 'Reading the whole log in order', ours: `${n(r.orderedRead.perSecond)} events/s`, target: '≥ 200,000 events/s', verdict: met(r.orderedRead.perSecond >= 200_000) },
    { figure: 'Rebuilding every read model from zero', ours: `${n(r.rebuild.perSecond)} events/s, peak RSS ${n(r.rebuild.peakRssMb)} MB`, target: '≥ 100,000 events/s, ≤ 300 MB', verdict: met(r.rebuild.perSecond >= 100_000 && r.rebuild.peakRssMb <= 300) },
    { figure: 'Verifying the whole log (hashes, chains, Merkle roots, signatures)', ours: `${n(r.verify.perSecond)} events/s`, target: '≥ 200,000 events/s', verdict: met(r.verify.perSecond >= 200_000) },
  ];
  const asOfRow = (name: AsOfQueryName, label: string, p99Target?: number): Row => ({
    figure: `As-of query: ${label}`,
    ours: `p50 ${ms(q[name].p50Ms)}, p95 ${ms(q[name].p95Ms)}, p99 ${ms(q[name].p99Ms)}; naive replay p50 ${ms(q[name].naiveReplayP50Ms)} (${n(q[name].speedup)}× faster)${q[name].answersMatch ? '' : `; **${q[name].mismatches} answers differ**`}`,
    target: p99Target ? `p99 ≤ ${p99Target} ms, ≥ 100× replay` : '≥ 100× replay',
    verdict: met((p99Target === undefined || q[name].p99Ms <= p99Target) && q[name].speedup >= 100 && q[name].answersMatch),
  });
  list.push({ figure: 'First read of a plan after a start (loads its timeline; the server preloads them)', ours: `p50 ${ms(r.firstRead.p50Ms)}, p99 ${ms(r.firstRead.p99Ms)} over ${n(r.firstRead.plans)} plans`, target: '–', verdict: '–' });
  list.push(asOfRow('planState', 'plan state (100-action plan)', 5), asOfRow('ragSummary', 'RAG summary (Table 1)', 5), asOfRow('previousVsCurrent', 'Previous vs Current'), asOfRow('ratingHistory', 'rating history of one action'));
  const { writes, reads } = r.http;
  list.push(
    { figure: 'Server start on this log until every plan’s timeline is in memory (HTTP is measured after it)', ours: `${r.http.startSeconds.toFixed(1)} s`, target: '–', verdict: '–' },
    { figure: `HTTP writes (POST a rating, ${writes.connections} connections)`, ours: `${n(writes.requestsPerSecond)}/s, p99 ${ms(writes.p99Ms)} (${n(writes.non2xx)} non-2xx)`, target: '≥ 2,000/s, p99 ≤ 25 ms', verdict: met(writes.requestsPerSecond >= 2_000 && writes.p99Ms <= 25) },
    { figure: `HTTP reads (GET Table 1 between two dates / a rating history, ${reads.connections} connections)`, ours: `${n(reads.requestsPerSecond)}/s, p99 ${ms(reads.p99Ms)} (${n(reads.non2xx)} non-2xx)`, target: '≥ 5,000/s, p99 ≤ 25 ms', verdict: met(reads.requestsPerSecond >= 5_000 && reads.p99Ms <= 25) },
    { figure: `HTTP reads of the whole plan as at a date (~${n(r.http.planReads.bytesPerResponse / 1024)} KB of JSON each)`, ours: `${n(r.http.planReads.requestsPerSecond)}/s, p99 ${ms(r.http.planReads.p99Ms)} (${n(r.http.planReads.non2xx)} non-2xx)`, target: '–', verdict: '–' },
    { figure: 'Event log size', ours: `${n(r.storage.bytesPerEvent)} bytes/event (read models ${n(r.storage.readModelBytesPerEvent)} bytes/event)`, target: '–', verdict: '–' },
  );
  const ours = r.pairs.ours;
  list.push(
    { figure: 'Pair: single appends with expected version', ours: `${n(ours.singleAppendsPerSecond)}/s`, target: '≥ 5× peer', ...pair(ours.singleAppendsPerSecond, peer?.singleAppendsPerSecond, '/s', 5) },
    { figure: 'Pair: batched appends', ours: `${n(ours.batchedEventsPerSecond)} events/s`, target: '≥ 2× peer', ...pair(ours.batchedEventsPerSecond, peer?.batchedEventsPerSecond, 'events/s', 2) },
    { figure: 'Pair: stream reads', ours: `${n(ours.streamReadEventsPerSecond)} events/s`, target: '–', ...pair(ours.streamReadEventsPerSecond, peer?.streamReadEventsPerSecond, 'events/s', 1) },
    { figure: 'Pair: ordered read of the log', ours: `${n(ours.orderedReadEventsPerSecond)} events/s`, target: '≥ 2× peer', ...pair(ours.orderedReadEventsPerSecond, peer?.orderedReadEventsPerSecond, 'events/s', 2) },
  );
  return list;
}

export function markdownTable(r: BenchResults): string {
  const m = r.machine;
  const head = [
    `Run \`${r.command}\` on ${r.date.slice(0, 10)}: ${m.cpus} × ${m.cpuModel}, ${n(m.memoryGb)} GB, ${m.platform}, Node ${m.node}, SQLite ${m.sqlite} (WAL).`,
    `Dataset (seed ${r.seed}): ${n(r.dataset.plans)} plans, ${n(r.dataset.actionStreams)} action streams, ${n(r.dataset.totalEvents)} events (${n(r.dataset.events)} by bulk import, ${n(r.dataset.commandEvents)} through the CommandBus).`,
    `Peer: Emmett's SQLite event store (\`@event-driven-io/emmett-sqlite\`) on the same workload (${n(r.pairs.workload.singles)} single appends over 100 streams, ${n(r.pairs.workload.batches)} batches of ${r.pairs.workload.batchSize}, each read timed ${r.pairs.workload.reads === 1 ? 'once' : `${r.pairs.workload.reads} times and the median kept`}) at synchronous=${r.pairs.ours.synchronous}${r.pairs.peerSkipped ? ` — **not run: ${r.pairs.peerSkipped}**` : ''}.`,
    '',
    '| Figure | Ours | Target | Verdict | Peer (Emmett) | Ours / peer |',
    '|---|---|---|---|---|---|',
  ];
  return [...head, ...rows(r).map((row) => `| ${row.figure} | ${row.ours} | ${row.target} | ${row.verdict} | ${row.peer ?? ''} | ${row.ratio ?? ''} |`)].join('\n');
}

export function writeResults(r: BenchResults, repoRoot: string): string {
  const dir = join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${r.date.slice(0, 10)}${r.quick ? '-quick' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  return file;
}

const BEGIN = '<!-- bench:begin (written by npm run bench) -->';
const END = '<!-- bench:end -->';

/** Replace the table between the markers in the README with this run's. */
export function updateReadme(r: BenchResults, repoRoot: string): void {
  const file = join(repoRoot, 'README.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no benchmark markers (${BEGIN} … ${END})`);
  writeFileSync(file, `${text.slice(0, start + BEGIN.length)}\n${markdownTable(r)}\n${text.slice(end)}`);
}
