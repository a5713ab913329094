// The work both Emmett peers do (peer.mjs on SQLite, peer-postgres.mjs on PostgreSQL), the same as
// ours in bench/store-pairs.ts: single appends with an expected version, batched appends, stream reads
// and an ordered read of the whole log. Each peer opens its store and says how to read one page of its
// log; this times the rest and returns the figures every peer prints.

export const STREAMS = 100;

export function event(i) {
  return { type: 'RatingChanged', data: { planId: 'peer', reference: `${i % STREAMS}`, code: ['R', 'A', 'G'][i % 3], commentary: 'Update from service: performance data shows steady improvement.' }, metadata: { actor: 'lead.jo', effectiveAt: '2020-01-31T00:00:00.000Z' } };
}

/** Reads the --name=value arguments both peers take, with their defaults. */
export function workloadArguments(args) {
  return { singles: Number(args.singles ?? 2000), batches: Number(args.batches ?? 200), batchSize: Number(args.batchSize ?? 100), reads: Number(args.reads ?? 1) };
}

/**
 * @param store an Emmett event store
 * @param readLogPage (after: bigint) => Promise<{ count, more, next }>: one page of the whole log after a position
 */
export async function runWorkload(store, readLogPage, { singles, batches, batchSize, reads }) {
  const versions = new Map();
  const latencies = [];
  let started = performance.now();
  for (let i = 0; i < singles; i++) {
    const stream = `action-peer-${i % STREAMS}`;
    const t = performance.now();
    // Emmett numbers a new stream's version 0n; every append after that states the version it expects.
    const result = await store.appendToStream(stream, [event(i)], { expectedStreamVersion: versions.get(stream) ?? 0n });
    latencies.push(performance.now() - t);
    versions.set(stream, result.nextExpectedStreamVersion);
  }
  const singleSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  for (let b = 0; b < batches; b++) {
    await store.appendToStream(`batch-peer-${b}`, Array.from({ length: batchSize }, (_, k) => event(b * batchSize + k)));
  }
  const batchSeconds = (performance.now() - started) / 1000;

  // Each read is timed `reads` times and the median kept, as ours is (bench/store-pairs.ts).
  const streamReads = [];
  const logReads = [];
  let logEvents = 0;
  for (let r = 0; r < reads; r++) {
    started = performance.now();
    let streamEvents = 0;
    for (let b = 0; b < batches; b++) streamEvents += (await store.readStream(`batch-peer-${b}`)).events.length;
    streamReads.push(streamEvents / ((performance.now() - started) / 1000));

    started = performance.now();
    logEvents = 0;
    for (let after = 0n; ; ) {
      const page = await readLogPage(after);
      logEvents += page.count;
      if (!page.more || page.count === 0) break;
      after = page.next;
    }
    logReads.push(logEvents / ((performance.now() - started) / 1000));
  }

  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return {
    singleAppendsPerSecond: singles / singleSeconds,
    singleAppendP50Ms: at(0.5),
    singleAppendP99Ms: at(0.99),
    batchedEventsPerSecond: (batches * batchSize) / batchSeconds,
    streamReadEventsPerSecond: median(streamReads),
    orderedReadEventsPerSecond: median(logReads),
    eventsRead: logEvents,
    readRuns: { stream: streamReads.map(Math.round), ordered: logReads.map(Math.round) },
  };
}

// The same median as bench/stats.ts: the middle one, or the upper of the two middle ones.
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
