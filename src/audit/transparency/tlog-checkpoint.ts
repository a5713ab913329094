import { MalformedNote } from './signed-note';

/**
 * The text of a C2SP checkpoint (c2sp.org/tlog-checkpoint): the log's origin,
 * its tree size and the RFC 6962 root hash in base64, one per line. This is
 * what the log signs and what witnesses cosign.
 */
export interface CheckpointBody {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
  /** Optional opaque lines after the root; we never write any, but must carry what we are given. */
  extensions: string[];
}

export function checkpointText(origin: string, treeSize: number, rootHash: Uint8Array): string {
  if (!validOrigin(origin)) throw new Error(`"${origin}" cannot be a log origin: it must be one non-empty line without spaces or "+"`);
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw new Error(`tree size ${treeSize} is not a whole number of events`);
  if (rootHash.length !== 32) throw new Error('a root hash is 32 bytes');
  return `${origin}\n${treeSize}\n${Buffer.from(rootHash).toString('base64')}\n`;
}

/** The origin doubles as the log key's name in its signature line, so it follows the key-name rules. */
export function validOrigin(origin: string): boolean {
  return origin.length > 0 && !/[\s+\u0000-\u001f]/u.test(origin);
}

export function parseCheckpointText(text: string): CheckpointBody {
  if (!text.endsWith('\n')) throw new MalformedNote('a checkpoint must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new MalformedNote('a checkpoint has an origin, a tree size and a root hash, one per line');
  const [origin, size, root, ...extensions] = lines;
  if (!origin) throw new MalformedNote("a checkpoint's origin must not be empty");
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) throw new MalformedNote(`"${size}" is not a tree size`);
  const rootHash = Buffer.from(root, 'base64');
  if (rootHash.length !== 32 || rootHash.toString('base64') !== root) throw new MalformedNote(`"${root}" is not a base64 SHA-256 root hash`);
  if (extensions.some((line) => line === '')) throw new MalformedNote('checkpoint extension lines must not be empty');
  return { origin, treeSize: Number(size), rootHash, extensions };
}
