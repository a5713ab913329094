import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { EvidenceFileAltered } from '../../src/evidence/evidence-file-altered.error';
import { EvidenceFiles } from '../../src/evidence/evidence-files';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A large evidence file is hashed as a stream before its download starts, then
 * streamed out of the same open file and hashed again on the way: real files on
 * disk, changed by someone else at the worst moments.
 */
describe('a large evidence file is checked before and while it is served', () => {
  const root = mkdtempSync(join(tmpdir(), 'plan-audit-checked-download-'));
  const files = new EvidenceFiles(root);
  /** Streamed above this size, so a 2 MiB file takes the streaming path. */
  const SMALL = 64 * 1024;
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function stored(): Promise<{ bytes: Buffer; hash: string; path: string }> {
    const bytes = randomBytes(2 * 1024 * 1024);
    const { sha256: hash } = await files.put(bytes);
    return { bytes, hash, path: join(root, hash.slice(0, 2), hash) };
  }

  it('serves an intact file whole, as a stream', async () => {
    const { bytes, hash } = await stored();
    const file = await files.openChecked(hash, SMALL);
    expect(file?.bytes).toBeUndefined();
    expect(file?.size).toBe(bytes.length);
    expect(sha256(await drain(file!.stream!))).toBe(hash);
  });

  it('refuses a file changed before the download, before sending a byte', async () => {
    const { hash, path } = await stored();
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from([0]), 0, 1, 1_000_000);
    closeSync(fd);
    await expect(files.openChecked(hash, SMALL)).rejects.toBeInstanceOf(EvidenceFileAltered);
    await expect(files.check(hash)).resolves.toMatchObject({ state: 'altered' });
  });

  it('fails the stream when the bytes are changed in place while it is being sent', async () => {
    const { bytes, hash, path } = await stored();
    const file = await files.openChecked(hash, SMALL);
    const stream = file!.stream!;
    // Take the first chunk, then change the last byte on disk before the rest is read.
    const first = await new Promise<Buffer>((resolve) => stream.once('data', (chunk: Buffer) => (stream.pause(), resolve(chunk))));
    expect(first.length).toBeLessThan(bytes.length);
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from([bytes[bytes.length - 1] ^ 0xff]), 0, 1, bytes.length - 1);
    closeSync(fd);
    await expect(drain(stream)).rejects.toBeInstanceOf(EvidenceFileAltered);
  });

  it('serves what it checked even if another file is renamed over it meanwhile', async () => {
    const { bytes, hash, path } = await stored();
    const file = await files.openChecked(hash, SMALL);
    writeFileSync(`${path}.other`, randomBytes(bytes.length));
    renameSync(`${path}.other`, path);
    expect(sha256(await drain(file!.stream!))).toBe(hash);
    // The next download sees the replacement, and refuses it.
    await expect(files.openChecked(hash, SMALL)).rejects.toBeInstanceOf(EvidenceFileAltered);
  });

  it('says missing for a file that is not there, and answers nothing for a name that is not a hash', async () => {
    await expect(files.check('ab'.repeat(32))).resolves.toEqual({ state: 'missing' });
    await expect(files.openChecked('../../etc/passwd')).resolves.toBeUndefined();
  });
});
