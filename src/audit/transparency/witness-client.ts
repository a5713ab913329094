import { encodeAddCheckpoint, TLOG_SIZE_CONTENT_TYPE } from './add-checkpoint-request';
import { verifyCosignature } from './cosignature';
import { NoteVerifier, parseNote, parseSignatureLine, SIGNATURE_TYPE } from './signed-note';

/**
 * The log's side of c2sp.org/tlog-witness: submit a checkpoint with a consistency
 * proof to one witness, and say plainly what came back. Only cosignatures that
 * verify with the key the CALLER configured for that witness are returned: a
 * witness (or anyone between) cannot slip in a line from another key or over
 * another checkpoint.
 */

/** A witness as configured: the key its cosignatures must verify with, and its submission prefix. */
export interface WitnessSpec {
  verifier: NoteVerifier;
  /** The submission prefix, without a trailing slash: the request goes to `<url>/add-checkpoint`. */
  url: string;
}

export type AddCheckpointResult =
  /** 200, and these cosignature lines (each ending in a newline) verify over the checkpoint with the witness's key. */
  | { kind: 'cosigned'; lines: string[] }
  /** 409: the witness has cosigned a different size for this log; the log must prove consistency from that one. */
  | { kind: 'conflict'; witnessSize: number }
  /** 422: the proof does not verify, or same size with another root, or a size-0 tree that is not empty: a fork as the witness sees it. */
  | { kind: 'bad-proof'; message: string }
  /** Any other answer (403 untrusted signature, 404 unknown log, 400 malformed, 5xx, or a 200 with no cosignature that verifies). */
  | { kind: 'refused'; status: number; message: string }
  /** No HTTP answer at all: connection refused, DNS, TLS, or no answer within the timeout. */
  | { kind: 'unreachable'; error: string };

export interface AddCheckpointSubmission {
  /** The size the log believes the witness has last cosigned (0 the first time, or to learn it from the 409). */
  oldSize: number;
  /** The consistency proof from oldSize to the checkpoint's size (empty when oldSize is 0 or equal to it). */
  proof: Uint8Array[];
  /** The checkpoint as a signed note, with the log's signature. */
  checkpointNote: string;
}

/** A witness answer is a few signature lines; anything longer is not one. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export async function addCheckpoint(
  witness: WitnessSpec,
  submission: AddCheckpointSubmission,
  options: { timeoutMs: number },
): Promise<AddCheckpointResult> {
  const text = parseNote(submission.checkpointNote).text;
  const body = encodeAddCheckpoint({ oldSize: submission.oldSize, proof: submission.proof.map((h) => Buffer.from(h)), checkpoint: submission.checkpointNote });
  let status: number;
  let contentType: string;
  let answer: string;
  try {
    const response = await fetch(`${witness.url}/add-checkpoint`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'error',
    });
    status = response.status;
    contentType = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    answer = await readLimited(response);
  } catch (error) {
    return { kind: 'unreachable', error: describeFetchError(error) };
  }

  if (status === 200) {
    const lines = verifiedCosignatures(text, answer, witness.verifier);
    if (lines.length > 0) return { kind: 'cosigned', lines };
    return { kind: 'refused', status, message: `the witness answered 200 but no line verifies as a cosignature by ${witness.verifier.keyName} over this checkpoint` };
  }
  if (status === 409) {
    const size = /^(0|[1-9][0-9]*)\n$/.exec(answer);
    if (contentType === TLOG_SIZE_CONTENT_TYPE && size && Number.isSafeInteger(Number(size[1]))) return { kind: 'conflict', witnessSize: Number(size[1]) };
    return { kind: 'refused', status, message: `a 409 must carry the witness's size as ${TLOG_SIZE_CONTENT_TYPE}; got ${contentType || 'no content type'}: ${brief(answer)}` };
  }
  if (status === 422) return { kind: 'bad-proof', message: brief(answer) };
  return { kind: 'refused', status, message: brief(answer) };
}

/** The lines of a 200 answer that are cosignatures by this witness over `checkpointText`; others are ignored, as the specification requires. */
export function verifiedCosignatures(checkpointText: string, answer: string, witness: NoteVerifier): string[] {
  const lines: string[] = [];
  for (const line of answer.split('\n')) {
    if (line === '') continue;
    try {
      if (verifyCosignature(checkpointText, parseSignatureLine(line), witness) !== undefined) lines.push(`${line}\n`);
    } catch {
      // Not a signature line: it proves nothing, so it is dropped.
    }
  }
  return lines;
}

/**
 * Reads one configured witness, `<vkey>@<url>`: the witness's cosignature key
 * (type 0x04, as `plan-audit-witness key` prints it) and its submission prefix.
 * A vkey never holds "@" (names have no spaces or "+", base64 has no "@"), so the
 * first "@" splits them.
 */
export function parseWitnessSpec(spec: string): WitnessSpec {
  const text = spec.trim();
  const at = text.indexOf('@');
  if (at < 0) throw new Error(`"${text}" is not a witness: expected <vkey>@<url>, e.g. witness.example/w1+1a2b3c4d+BA…@https://witness.example`);
  const verifier = NoteVerifier.fromVkey(text.slice(0, at));
  if (verifier.signatureType !== SIGNATURE_TYPE.cosignatureV1) {
    throw new Error(`the key of witness ${verifier.keyName} is of type 0x0${verifier.signatureType.toString(16)}, not a cosignature key (0x04): was the log's own key given by mistake?`);
  }
  let url: URL;
  try {
    url = new URL(text.slice(at + 1));
  } catch {
    throw new Error(`"${text.slice(at + 1)}" is not the URL of witness ${verifier.keyName}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`witness ${verifier.keyName} must be reached over http or https, not ${url.protocol}`);
  if (url.search || url.hash) throw new Error(`the URL of witness ${verifier.keyName} is a prefix: no query or fragment`);
  return { verifier, url: url.href.replace(/\/+$/, '') };
}

/** A list of witnesses, separated by commas or white space (WITNESSES in the server's configuration); the same key twice is refused. */
export function parseWitnessList(list: string): WitnessSpec[] {
  const specs = list
    .split(/[\s,]+/)
    .filter((s) => s !== '')
    .map(parseWitnessSpec);
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.verifier.vkey)) throw new Error(`witness ${spec.verifier.keyName} is listed twice: a quorum counts each witness once`);
    seen.add(spec.verifier.vkey);
  }
  return specs;
}

async function readLimited(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel();
    return `(an answer of ${declared} bytes, not read)`;
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  return bytes.subarray(0, MAX_RESPONSE_BYTES).toString('utf8');
}

function brief(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function describeFetchError(error: unknown): string {
  // The abort is a DOMException, not always an Error of this realm: read its fields, not its class.
  const { name, message, cause } = (error ?? {}) as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (name === 'TimeoutError') return 'no answer within the timeout';
  if (cause?.code) return `${cause.code}: ${cause.message ?? message}`;
  return message ?? String(error);
}
