import { KeyObject } from 'node:crypto';
import { isUnreadable } from '../event-store/unreadable-event';
import { Checkpoint, checkpointSignatureValid } from './checkpoint';
import { ChunkScan } from './chunk-scan';
import { checkEvidenceFiles, EvidenceFileChecker, EvidenceSummary, PlacedMention } from './evidence-check';
import { EventRef, Finding } from './findings';
import { LogEntry } from './log-reader';
import { leafHash, MerkleFrontier } from './merkle';
import { rehashEvent } from './rehash';
import { analyseStream, ChainEntry, LeafEdit, refOf } from './stream-analysis';
import { SignedRoot, TreeExplainer } from './tree-explanation';

/** Where verify reads the log from: chunk scans for the fast first pass, plain entries for the rare second. */
export interface VerifySource {
  /** The whole log in global order, scanned chunk by chunk (possibly in worker threads). */
  scan(): AsyncIterable<ChunkScan>;
  /** The whole log again, entry by entry: only read when the first pass found something wrong. */
  read(): AsyncIterable<LogEntry[]>;
  /** globalPosition of the newest event, for the progress bar. */
  headPosition(): Promise<number>;
}

export type CheckpointStatus =
  /** Signature good, and the log's root at that size is the signed root. */
  | 'verified'
  /** Signature good, but the log's root at that size differs. */
  | 'root-mismatch'
  /** Signature good, but the log has fewer events than the checkpoint covers. */
  | 'beyond-log'
  | 'bad-signature'
  | 'unknown-key';

export interface CheckpointResult {
  checkpoint: Checkpoint;
  status: CheckpointStatus;
  /** The log's own root at the checkpoint's size, when it has that many events. */
  logRoot?: string;
}

/**
 * A tree head the verifier holds from outside the data folder (the last head the
 * server signed, kept apart; or one a witness cosigned). Only such a head can show
 * that the log was put back to an earlier state, checkpoints and all.
 */
export interface KnownHead {
  treeSize: number;
  rootHash: string;
  /** Where it was kept, for the report: a file, a witness's name. */
  from: string;
}

export interface VerifyOptions {
  knownHead?: KnownHead;
  /** Re-hash the evidence files the log says are kept; without it, they are not looked at. */
  evidence?: EvidenceFileChecker;
}

export interface VerificationReport {
  ok: boolean;
  eventCount: number;
  streamCount: number;
  checkpoints: CheckpointResult[];
  /** Events newer than the newest verified checkpoint: hashed and chained, but not yet under a signature. */
  uncoveredEvents: number;
  findings: Finding[];
  /** The evidence files checked, when verify was given them. */
  evidence?: EvidenceSummary;
  /** The known head checked against, and what the log says to it. */
  knownHead?: KnownHead & { status: 'consistent' | 'rolled-back' | 'forked' | 'truncated' };
  seconds: number;
  eventsPerSecond: number;
}

export type VerifyProgress = (done: number, total: number) => void;

/**
 * Verify the whole log against its checkpoints:
 *  1. one pass re-hashes every event, follows every stream's versions and prevHash
 *     links, and computes the Merkle root at every checkpoint's size;
 *  2. every checkpoint's signature is checked with the key it names;
 *  3. only if something is wrong, a second read works out, per damaged stream, which
 *     event is missing, inserted, reordered or altered, and the named changes are
 *     undone in the leaf sequence to see whether they account for every signed root.
 */
export async function verifyLog(source: VerifySource, checkpoints: Checkpoint[], keys: Map<string, KeyObject>, onProgress?: VerifyProgress, options: VerifyOptions = {}): Promise<VerificationReport> {
  const started = process.hrtime.bigint();
  const head = await source.headPosition();
  const { knownHead } = options;
  if (knownHead && (!Number.isSafeInteger(knownHead.treeSize) || knownHead.treeSize < 1 || !/^[0-9a-f]{64}$/.test(knownHead.rootHash))) {
    throw new Error(`the known head from ${knownHead.from} is not a tree size and a SHA-256 root (${knownHead.treeSize}, ${knownHead.rootHash}): nothing can be compared with it`);
  }
  const sizes = [...new Set([...checkpoints.map((c) => c.treeSize), ...(knownHead ? [knownHead.treeSize] : [])].filter((s) => Number.isSafeInteger(s) && s > 0))].sort((a, b) => a - b);
  const rootsAt = new Map<number, string>();
  const frontier = MerkleFrontier.empty();
  const leafChunks: Buffer[] = [];
  const streams = new Map<string, { version: number; hash: string }>();
  const suspicious = new Set<string>();
  const findings: Finding[] = [];
  const alteredIndexes = new Set<number>();
  const mentions: PlacedMention[] = [];
  let last: EventRef | undefined;
  let nextSize = 0;
  let n = 0;

  for await (const chunk of source.scan()) {
    for (const a of chunk.altered) {
      findings.push({ kind: 'altered', position: n + a.offset + 1, globalPosition: a.globalPosition, eventId: a.eventId, streamId: a.streamId, streamVersion: a.streamVersion, detail: a.detail });
      alteredIndexes.add(n + a.offset);
    }
    for (const m of chunk.evidence ?? []) mentions.push({ ...m, position: n + m.offset + 1 });
    if (chunk.last) last = { ...chunk.last, position: n + chunk.count };
    for (const span of chunk.spans) {
      const before = streams.get(span.streamId);
      const follows = before ? span.firstVersion === before.version + 1 && span.firstPrevHash === before.hash : span.firstVersion === 0 && span.firstPrevHash === null;
      if (!follows) suspicious.add(span.streamId);
      streams.set(span.streamId, { version: span.lastVersion, hash: span.lastHash });
    }
    for (const streamId of chunk.brokenStreams) suspicious.add(streamId);
    const leaves = Buffer.from(chunk.leaves.buffer, chunk.leaves.byteOffset, chunk.leaves.byteLength);
    for (let k = 0; k < chunk.count; k++) {
      frontier.push(leaves.subarray(k * 32, k * 32 + 32));
      while (nextSize < sizes.length && sizes[nextSize] === frontier.size) rootsAt.set(sizes[nextSize++], frontier.root().toString('hex'));
    }
    leafChunks.push(leaves);
    n += chunk.count;
    onProgress?.(chunk.lastPosition, Math.max(head, chunk.lastPosition));
  }

  const results = checkCheckpoints(checkpoints, keys, rootsAt, n);
  for (const r of results) {
    if (r.status === 'unknown-key') findings.push({ kind: 'unknown-key', treeSize: r.checkpoint.treeSize, detail: `checkpoint of ${r.checkpoint.treeSize} events taken at ${r.checkpoint.takenAt} is signed by key ${r.checkpoint.keyId}, which is not one you gave: its claims cannot be checked` });
    if (r.status === 'bad-signature') findings.push({ kind: 'bad-signature', treeSize: r.checkpoint.treeSize, detail: `checkpoint of ${r.checkpoint.treeSize} events taken at ${r.checkpoint.takenAt} does not carry a valid signature: it was forged or altered` });
  }

  const trusted = results.filter((r) => r.status === 'verified' || r.status === 'root-mismatch' || r.status === 'beyond-log');
  const firstBad = trusted.find((r) => r.status !== 'verified');
  if (suspicious.size > 0 || firstBad) {
    const good = Math.max(0, ...trusted.filter((r) => r.status === 'verified' && (!firstBad || r.checkpoint.treeSize < firstBad.checkpoint.treeSize)).map((r) => r.checkpoint.treeSize));
    const windowEnd = firstBad ? Math.min(n, firstBad.checkpoint.treeSize + 1, good + 10_000) : good;
    const { chains, refs, alteredHashes } = await collectForAnalysis(source, n, suspicious, alteredIndexes, good, windowEnd);
    let edits: LeafEdit[] = [];
    for (const entries of chains.values()) {
      const analysis = analyseStream(entries, alteredHashes);
      findings.push(...analysis.findings);
      edits.push(...analysis.edits);
    }
    edits = nameSwapsBetweenStreams(findings, chains, edits);
    // Only when no event was named does a blind search for one moved or extra event make sense.
    const search = findings.every((f) => f.kind === 'bad-signature' || f.kind === 'unknown-key');
    if (firstBad) findings.push(...explainRoots(Buffer.concat(leafChunks), trusted, edits, good, refs, n, search, windowEnd));
  }

  let headStatus: NonNullable<VerificationReport['knownHead']>['status'] | undefined;
  if (knownHead) {
    headStatus = compareWithKnownHead(knownHead, rootsAt.get(knownHead.treeSize), n, results, last, findings);
  }

  let evidence: EvidenceSummary | undefined;
  if (options.evidence) {
    const checked = await checkEvidenceFiles(mentions, options.evidence);
    findings.push(...checked.findings);
    evidence = checked.summary;
  }

  findings.sort((a, b) => (a.position ?? a.treeSize ?? Number.MAX_SAFE_INTEGER) - (b.position ?? b.treeSize ?? Number.MAX_SAFE_INTEGER));
  const newestVerified = Math.max(0, ...results.filter((r) => r.status === 'verified').map((r) => r.checkpoint.treeSize));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    ok: findings.length === 0,
    eventCount: n,
    streamCount: streams.size,
    checkpoints: results,
    uncoveredEvents: n - newestVerified,
    findings,
    ...(evidence ? { evidence } : {}),
    ...(knownHead && headStatus ? { knownHead: { ...knownHead, status: headStatus } } : {}),
    seconds,
    eventsPerSecond: Math.round(n / Math.max(seconds, 1e-6)),
  };
}

function checkCheckpoints(checkpoints: Checkpoint[], keys: Map<string, KeyObject>, rootsAt: Map<number, string>, n: number): CheckpointResult[] {
  return [...checkpoints]
    .sort((a, b) => a.treeSize - b.treeSize)
    .map((checkpoint) => {
      const key = keys.get(checkpoint.keyId);
      const logRoot = rootsAt.get(checkpoint.treeSize);
      if (!key) return { checkpoint, status: 'unknown-key' as const, logRoot };
      if (!checkpointSignatureValid(checkpoint, key)) return { checkpoint, status: 'bad-signature' as const, logRoot };
      if (checkpoint.treeSize > n) return { checkpoint, status: 'beyond-log' as const };
      return { checkpoint, status: logRoot === checkpoint.rootHash ? ('verified' as const) : ('root-mismatch' as const), logRoot };
    });
}

/**
 * The second read: every event of the suspicious streams, and who is who in the
 * window where a root first fails. Only the first `n` events, the ones the first
 * pass saw: anything appended since belongs to the next verify.
 */
async function collectForAnalysis(source: VerifySource, n: number, suspicious: Set<string>, altered: Set<number>, windowStart: number, windowEnd: number) {
  const chains = new Map<string, ChainEntry[]>();
  const refs = new Map<number, EventRef>();
  const alteredHashes = new Set<string>();
  let index = 0;
  for await (const page of source.read()) {
    for (const entry of page) {
      if (index >= n) return { chains, refs, alteredHashes };
      const chainEntry: ChainEntry = {
        index,
        globalPosition: entry.globalPosition,
        eventId: entry.eventId,
        streamId: entry.streamId,
        streamVersion: entry.streamVersion,
        prevHash: entry.prevHash,
        hash: entry.hash,
        hashOk: !altered.has(index) && !isUnreadable(entry),
        entry,
      };
      if (suspicious.has(entry.streamId)) {
        const chain = chains.get(entry.streamId) ?? [];
        chain.push(chainEntry);
        chains.set(entry.streamId, chain);
      }
      if (index >= windowStart && index < windowEnd) refs.set(index, refOf(chainEntry));
      if (!chainEntry.hashOk) alteredHashes.add(entry.hash);
      index += 1;
    }
  }
  return { chains, refs, alteredHashes };
}

/**
 * Account for the checkpoints whose signed root the log no longer has: undo the
 * changes the chains named; failing that, search for one swap or one extra event
 * where the first root fails; what remains is reported as a root mismatch over
 * the narrowest span the checkpoints allow, and a log shorter than a checkpoint
 * as a truncated tail.
 */
function explainRoots(leaves: Buffer, trusted: CheckpointResult[], edits: LeafEdit[], good: number, refs: Map<number, EventRef>, n: number, search: boolean, windowEnd: number): Finding[] {
  const roots: SignedRoot[] = trusted.map((r) => ({ treeSize: r.checkpoint.treeSize, root: Buffer.from(r.checkpoint.rootHash, 'hex') }));
  const explainer = new TreeExplainer(leaves, roots, new Set(trusted.filter((r) => r.status === 'verified').map((r) => r.checkpoint.treeSize)));
  const found: Finding[] = [];
  let outcome = tryChainEdits(explainer, edits);
  if (!outcome?.matches && search && edits.length === 0) {
    const firstMismatch = trusted.find((r) => r.status === 'root-mismatch');
    // A swap keeps the number of events; a log shorter than a checkpoint lost some.
    const swaps = !trusted.some((r) => r.status === 'beyond-log');
    const edit = firstMismatch && explainer.searchSingleEdit(good, { treeSize: firstMismatch.checkpoint.treeSize, root: Buffer.from(firstMismatch.checkpoint.rootHash, 'hex') }, swaps);
    const confirmed = edit && explainer.explains([edit]);
    if (edit && confirmed?.matches) {
      outcome = confirmed;
      found.push(searchFinding(edit, refs));
    }
  }
  // Nothing named, and the log short of its checkpoints: an event nothing links to may be gone from the middle rather than the tail.
  const removed = found.length === 0 && edits.length === 0 ? removedByPositionGaps(refs, good, windowEnd, n, trusted) : undefined;
  if (removed) return removed;
  if (outcome?.matches) {
    const beyond = [...outcome.beyondEnd].sort((a, b) => a.treeSize - b.treeSize)[0];
    if (beyond) found.push(truncated(beyond, n, trusted));
    return found;
  }
  const mismatch = trusted.find((r) => r.status === 'root-mismatch');
  if (mismatch) {
    const size = mismatch.checkpoint.treeSize;
    found.push({
      kind: 'root-mismatch',
      treeSize: size,
      detail:
        `the checkpoint taken at ${mismatch.checkpoint.takenAt} signs root ${mismatch.checkpoint.rootHash} for the first ${size} events, but the log's root there is ${mismatch.logRoot}: ` +
        `one or more of events #${good + 1}..#${size} were altered, removed, inserted or moved after it was signed` +
        (good > 0 ? ` (events #1..#${good} still match the checkpoint of ${good})` : ''),
    });
  }
  const beyond = trusted.find((r) => r.status === 'beyond-log');
  if (beyond) found.push(truncated({ treeSize: beyond.checkpoint.treeSize, root: Buffer.alloc(0) }, n, trusted));
  return found;
}

/** Undo the chains' edits; a missing event whose place is only known within a span is tried at each place. */
function tryChainEdits(explainer: TreeExplainer, edits: LeafEdit[]): ReturnType<TreeExplainer['explains']> {
  const ranged = edits.filter((e): e is Extract<LeafEdit, { kind: 'insert' }> => e.kind === 'insert' && e.from < e.to);
  const trials: LeafEdit[][] = [];
  if (ranged.length === 1) {
    const [insert] = ranged;
    for (let at = insert.from; at <= insert.to; at++) trials.push(edits.map((e) => (e === insert ? { ...insert, from: at, to: at } : e)));
  } else {
    trials.push(edits);
  }
  for (const trial of trials) {
    const outcome = explainer.explains(trial);
    if (outcome === undefined) return undefined;
    if (!outcome.matches) continue;
    // Now the roots say where each missing event stood.
    for (const edit of trial) {
      if (edit.kind === 'insert' && edit.finding) {
        edit.finding.position = edit.to + 1;
        edit.finding.detail += `; in the signed log it was #${edit.to + 1}`;
      }
    }
    return outcome;
  }
  return { matches: false, beyondEnd: [] };
}

function searchFinding(edit: LeafEdit, refs: Map<number, EventRef>): Finding {
  const ref = (index: number): EventRef => refs.get(index) ?? { position: index + 1 };
  const name = (r: EventRef) => `#${r.position}${r.streamId !== undefined ? ` (${r.streamId} v${r.streamVersion}, event ${r.eventId})` : ''}`;
  if (edit.kind === 'swap') {
    const [a, b] = [ref(edit.a), ref(edit.b)];
    return { kind: 'reordered', ...a, related: [b], detail: `it has swapped places with ${name(b)}: swapping them back restores every signed root` };
  }
  const index = edit.kind === 'remove' || edit.kind === 'replace' ? edit.index : edit.to;
  return { kind: 'inserted', ...ref(index), detail: 'it is not in the signed log: without it every signed root matches again' };
}

/**
 * An event nothing links to (a stream's only event, or its newest) deleted from the
 * middle of the log: no chain shows a gap, and the tree only says the log is short.
 * Where the store numbers its events one by one (SQLite), the gap in the global
 * positions says which place was emptied; when the gaps account for exactly the
 * events the newest checkpoint misses, they are reported as missing, not as a tail
 * cut off. Positions renumbered by a careful tamperer (or EventStoreDB's, which are
 * not consecutive) leave no such trace, and the report stays a mismatch.
 */
function removedByPositionGaps(refs: Map<number, EventRef>, good: number, windowEnd: number, n: number, trusted: CheckpointResult[]): Finding[] | undefined {
  const covered = Math.max(0, ...trusted.map((r) => r.checkpoint.treeSize));
  const shortBy = covered - n;
  if (shortBy <= 0) return undefined;
  const found: Finding[] = [];
  let expected = good + 1;
  let before: EventRef | undefined;
  for (let index = good; index < windowEnd; index++) {
    const ref = refs.get(index);
    if (!ref || ref.globalPosition === undefined) return undefined;
    if (ref.globalPosition < expected || ref.globalPosition - expected > shortBy - found.length) return undefined;
    for (let place = expected; place < ref.globalPosition; place++) {
      const checkpoint = trusted.find((r) => r.checkpoint.treeSize >= place)!.checkpoint;
      found.push({
        kind: 'missing',
        position: place,
        globalPosition: place,
        related: [...(before ? [before] : []), ref],
        detail:
          `the event at #${place} is not in the log: ${before ? `the events recorded at #${before.globalPosition} (${before.streamId} v${before.streamVersion}) and ` : 'the event '}${before ? '' : 'recorded '}at #${ref.globalPosition} (${ref.streamId} v${ref.streamVersion}) are, ` +
          `and the checkpoint of ${checkpoint.treeSize} events taken at ${checkpoint.takenAt} covers it. No event links to it, so it was the only or the newest event of its stream: ` +
          'its id and stream went with it, and the signed roots cannot say more than that one event is gone here',
      });
    }
    expected = ref.globalPosition + 1;
    before = ref;
  }
  return found.length === shortBy ? found : undefined;
}

/**
 * Two events that traded places between streams: each, given the stream, version and
 * link of the other's place, hashes to what that place held (its own stored hash if it
 * was not re-hashed, or what the next event of that stream links to if it was). The two
 * "altered" findings become one "swapped", and the leaf edits put the original hashes back.
 */
function nameSwapsBetweenStreams(findings: Finding[], chains: Map<string, ChainEntry[]>, edits: LeafEdit[]): LeafEdit[] {
  const byIndex = new Map<number, ChainEntry>();
  for (const chain of chains.values()) for (const e of chain) byIndex.set(e.index, e);
  const suspects = findings.filter((f) => f.kind === 'altered' && f.position !== undefined && byIndex.get(f.position - 1)?.entry && !isUnreadable(byIndex.get(f.position - 1)!.entry!));
  if (suspects.length < 2 || suspects.length > 50) return edits;
  const linkAfter = (e: ChainEntry) => chains.get(e.streamId)?.find((x) => x.streamVersion === e.streamVersion + 1 && x.hashOk)?.prevHash ?? undefined;
  const hashAt = (mover: ChainEntry, place: ChainEntry): string | undefined => {
    try {
      return rehashEvent({ ...(mover.entry as EventEnvelopeLike), streamId: place.streamId, streamVersion: place.streamVersion, prevHash: place.prevHash });
    } catch {
      return undefined;
    }
  };
  const fits = (mover: ChainEntry, place: ChainEntry) => {
    const hash = hashAt(mover, place);
    return hash !== undefined && (hash === mover.hash || hash === linkAfter(place)) ? hash : undefined;
  };
  const used = new Set<Finding>();
  let result = edits;
  for (const a of suspects) {
    for (const b of suspects) {
      if (a === b || used.has(a) || used.has(b) || a.streamId === b.streamId) continue;
      const [p, q] = [byIndex.get(a.position! - 1)!, byIndex.get(b.position! - 1)!];
      const pOriginal = fits(p, q);
      const qOriginal = fits(q, p);
      if (!pOriginal || !qOriginal) continue;
      used.add(a).add(b);
      const [first, second] = p.index < q.index ? [p, q] : [q, p];
      findings.splice(findings.indexOf(a), 1);
      findings.splice(findings.indexOf(b), 1);
      findings.push({
        kind: 'swapped',
        ...refOf(first),
        related: [refOf(second)],
        detail:
          `it was recorded as ${second.streamId} v${second.streamVersion} and now claims ${first.streamId} v${first.streamVersion}, while #${second.index + 1} (event ${second.eventId}) was recorded as ` +
          `${first.streamId} v${first.streamVersion} and now claims ${second.streamId} v${second.streamVersion}: the two were swapped between streams` +
          (pOriginal !== p.hash || qOriginal !== q.hash ? ' and re-hashed' : ''),
      });
      result = result.filter((e) => !(e.kind === 'replace' && (e.index === p.index || e.index === q.index)));
      result.push({ kind: 'replace', index: p.index, leaf: leafHash(pOriginal) }, { kind: 'replace', index: q.index, leaf: leafHash(qOriginal) });
    }
  }
  return result;
}

type EventEnvelopeLike = Parameters<typeof rehashEvent>[0];

/** The log against a head kept outside it: shorter with its checkpoints (rolled back), or a different root at that size (forked). */
function compareWithKnownHead(known: KnownHead, logRoot: string | undefined, n: number, results: CheckpointResult[], last: EventRef | undefined, findings: Finding[]) {
  const signed = results.filter((r) => r.status !== 'bad-signature' && r.status !== 'unknown-key').map((r) => r.checkpoint.treeSize);
  const newest = Math.max(0, ...signed);
  if (n < known.treeSize) {
    // A checkpoint still covering the head's size already reports the cut as truncated.
    if (newest >= known.treeSize) return 'truncated' as const;
    const lost = known.treeSize - n;
    findings.push({
      kind: 'rolled-back',
      position: n + 1,
      treeSize: known.treeSize,
      related: last ? [last] : [],
      detail:
        `the log ends after #${n}${last ? ` (${last.streamId} v${last.streamVersion}, event ${last.eventId})` : ''} and its newest checkpoint covers ${newest} events, but the head kept at ${known.from} ` +
        `says the log held ${known.treeSize} events with root ${known.rootHash}: #${n + 1}..#${known.treeSize} (${lost} event${lost === 1 ? '' : 's'}) and the checkpoints over them are gone: the log was put back to an earlier state`,
    });
    return 'rolled-back' as const;
  }
  if (logRoot === known.rootHash) return 'consistent' as const;
  findings.push({
    kind: 'forked',
    treeSize: known.treeSize,
    detail: `the log's root over its first ${known.treeSize} events is ${logRoot}, but the head kept at ${known.from} says ${known.rootHash}: the log is not the history that head recorded (a fork)`,
  });
  return 'forked' as const;
}

function truncated(beyond: SignedRoot, n: number, trusted: CheckpointResult[]): Finding {
  const checkpoint = trusted.find((r) => r.checkpoint.treeSize === beyond.treeSize)!.checkpoint;
  return {
    kind: 'truncated',
    position: n + 1,
    treeSize: beyond.treeSize,
    detail: `the log ends after #${n}, but the checkpoint taken at ${checkpoint.takenAt} covers ${beyond.treeSize} events: #${n + 1}..#${beyond.treeSize} (${beyond.treeSize - n} event${beyond.treeSize - n === 1 ? '' : 's'}) were cut off after it was signed`,
  };
}
