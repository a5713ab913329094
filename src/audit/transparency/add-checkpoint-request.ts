import { MalformedNote } from './signed-note';

/**
 * The body of a tlog-witness add-checkpoint call (c2sp.org/tlog-witness): "old <size>",
 * the consistency proof one base64 hash per line, a blank line, then the signed checkpoint.
 */
export interface AddCheckpointRequest {
  oldSize: number;
  proof: Buffer[];
  /** The signed note, as submitted. */
  checkpoint: string;
}

/** The specification's ceiling on proof lines. */
export const MAX_PROOF_LINES = 63;

/** The content type of a 409's body: the witness's current size for the log. */
export const TLOG_SIZE_CONTENT_TYPE = 'text/x.tlog.size';

export function encodeAddCheckpoint(request: AddCheckpointRequest): string {
  const proof = request.proof.map((hash) => `${Buffer.from(hash).toString('base64')}\n`).join('');
  return `old ${request.oldSize}\n${proof}\n${request.checkpoint}`;
}

export function parseAddCheckpoint(body: string): AddCheckpointRequest {
  const blank = body.indexOf('\n\n');
  if (blank < 0) throw new MalformedNote('the request must have an old size line, proof lines, a blank line and the checkpoint');
  const head = body.slice(0, blank).split('\n');
  const checkpoint = body.slice(blank + 2);
  const old = /^old (0|[1-9][0-9]*)$/.exec(head[0] ?? '');
  if (!old || !Number.isSafeInteger(Number(old[1]))) throw new MalformedNote(`the first line must be "old <size>", not "${head[0]}"`);
  const proofLines = head.slice(1);
  if (proofLines.length > MAX_PROOF_LINES) throw new MalformedNote(`at most ${MAX_PROOF_LINES} consistency proof lines`);
  const proof = proofLines.map((line) => {
    const hash = Buffer.from(line, 'base64');
    if (hash.length !== 32 || hash.toString('base64') !== line) throw new MalformedNote(`"${line}" is not a base64 SHA-256 hash`);
    return hash;
  });
  return { oldSize: Number(old[1]), proof, checkpoint };
}
