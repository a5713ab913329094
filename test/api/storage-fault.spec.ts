import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { QueryFailedError } from 'typeorm';
import { storageFaultOf, StorageUnavailable } from '../../src/storage-fault';
import { exitCodeFor, describeError } from '../../src/cli/cli-errors';

/** Which errors mean "the disk cannot take a write", as SQLite, TypeORM and Node really throw them. */
describe('storageFaultOf', () => {
  it('reads a read-only SQLite file as read-only, from better-sqlite3 and through TypeORM', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x)');
    const file = join(tmpdir(), `storage-fault-${process.pid}.sqlite`);
    db.exec(`VACUUM INTO '${file}'`);
    const readOnly = new Database(file, { readonly: true });
    let thrown: unknown;
    try {
      readOnly.exec('INSERT INTO t VALUES (1)');
    } catch (error) {
      thrown = error;
    } finally {
      readOnly.close();
      rmSync(file);
    }
    expect(storageFaultOf(thrown)).toMatchObject({ kind: 'read-only', code: 'SQLITE_READONLY' });
    expect(storageFaultOf(new QueryFailedError('INSERT', [], thrown as Error))).toMatchObject({ kind: 'read-only' });
  });

  it('reads full, quota and I/O codes from SQLite and Node, and nothing else', () => {
    const withCode = (code: string) => Object.assign(new Error(`${code} happened`), { code });
    expect(storageFaultOf(withCode('SQLITE_FULL'))?.kind).toBe('full');
    expect(storageFaultOf(withCode('ENOSPC'))?.kind).toBe('full');
    expect(storageFaultOf(withCode('EDQUOT'))?.kind).toBe('full');
    expect(storageFaultOf(withCode('EROFS'))?.kind).toBe('read-only');
    expect(storageFaultOf(withCode('SQLITE_IOERR_SHMSIZE'))?.kind).toBe('failing');
    for (const other of ['SQLITE_BUSY', 'SQLITE_CONSTRAINT_UNIQUE', 'ENOENT', 'EACCES']) expect(storageFaultOf(withCode(other))).toBeUndefined();
    expect(storageFaultOf(new Error('database or disk is full'))).toBeUndefined();
  });

  it('gives the CLI exit code 7 and the same words as the API', () => {
    const fault = new StorageUnavailable('full', 'SQLITE_FULL', 'SQLITE_FULL: database or disk is full');
    expect(exitCodeFor(fault)).toBe(7);
    expect(describeError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe(
      'Cannot record: The server cannot record anything: the disk holding the data folder is full. Nothing was recorded; free space on that disk and try again.\n  (SQLITE_FULL: database or disk is full)',
    );
  });
});
