import { Global, Inject, Injectable, Logger, Module } from '@nestjs/common';
import { accessSync, constants, statfsSync } from 'node:fs';
import { APP_CONFIG, AppConfig } from './config';
import { StorageUnavailable } from './storage-fault';

/**
 * Free space under which the disk is said to be low (health `degraded`), and which it must have
 * again before a refused write stops making the server unready. 8 MiB holds thousands of
 * events, a WAL checkpoint and a typical evidence file; less and the next upload may fail.
 */
export const ROOM_AGAIN_BYTES = 8 * 1024 * 1024;

export interface StorageStatus {
  /** Why writes fail or soon may, in an operator's words; absent when all is well. */
  reason?: string;
  /** A write was refused for lack of space (or a read-only disk) and the disk has not shown room since: not ready. */
  refusingWrites: boolean;
  freeBytes: number | null;
  totalBytes: number | null;
  /** The last refusal still standing: its kind and the driver's or OS's code, never the message (it may name a file; the server's log has it). */
  lastFault: { kind: string; code: string; at: string } | null;
}

/**
 * Remembers the last write the disk refused, and says, for /api/health and /api/health/ready,
 * whether the disk holding the data folder has room again. The doors note each refusal as they
 * map it to a 503. A refusal is cleared by looking at the disk (free space at least
 * ROOM_AGAIN_BYTES and the folder writable), not by waiting for a write to succeed: a load
 * balancer that sends no traffic to an unready server would never send the write that proves it.
 */
@Injectable()
export class StorageHealth {
  private readonly logger = new Logger('Storage');
  private lastFault?: { kind: string; code: string; at: string };

  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'dataDir'>) {}

  noteRefused(fault: StorageUnavailable): void {
    if (!this.lastFault) this.logger.error(`Writes are refused: ${fault.detail}. Free space on the disk holding ${this.config.dataDir} (or make it writable); the server carries on by itself once there is room.`);
    this.lastFault = { kind: fault.kind, code: fault.code, at: new Date().toISOString() };
  }

  async status(): Promise<StorageStatus> {
    return this.statusNow();
  }

  /**
   * Two system calls answered from the file system's own counters, made synchronously: each
   * asynchronous one went round the thread pool and waited its turn in the event loop behind
   * every request in flight, so under load /api/health took three turns of the loop (p50 60–75 ms
   * on the benchmark's mixed day, issue 23) to read a few counters. A disk that hangs already
   * holds the server up: SQLite reads and writes the same folder synchronously.
   */
  statusNow(): StorageStatus {
    const dataDir = this.config.dataDir;
    let space: { free: number; total: number } | undefined;
    try {
      const s = statfsSync(dataDir);
      space = { free: s.bavail * s.bsize, total: s.blocks * s.bsize };
    } catch {
      space = undefined;
    }
    let writable = true;
    try {
      accessSync(dataDir, constants.W_OK);
    } catch {
      writable = false;
    }
    const low = space !== undefined && space.free < ROOM_AGAIN_BYTES;
    if (this.lastFault && writable && !low) {
      this.logger.log(`The disk holding ${dataDir} has room again (${megabytes(space?.free)} free); writes are taken again.`);
      this.lastFault = undefined;
    }
    const refusingWrites = this.lastFault !== undefined;
    const reason = refusingWrites
      ? `Writes are refused: ${this.lastFault!.kind === 'read-only' || !writable ? 'the data folder is on a read-only disk' : this.lastFault!.kind === 'full' ? 'the disk holding the data folder is full' : 'the disk holding the data folder failed a write'} (${megabytes(space?.free)} free; needs ${megabytes(ROOM_AGAIN_BYTES)}). Free space or make it writable; the server takes writes again by itself.`
      : !writable
        ? 'The data folder is on a read-only disk: writes will be refused'
        : low
          ? `The disk holding the data folder has only ${megabytes(space!.free)} free: writes will be refused when it is full`
          : undefined;
    return { ...(reason ? { reason } : {}), refusingWrites, freeBytes: space?.free ?? null, totalBytes: space?.total ?? null, lastFault: this.lastFault ?? null };
  }
}

function megabytes(bytes: number | undefined): string {
  return bytes === undefined ? 'unknown space' : `${(bytes / 1048576).toFixed(1)} MB`;
}

/** Global, so the API's and the web pages' error filters and the health controller share the one instance. */
@Global()
@Module({ providers: [StorageHealth], exports: [StorageHealth] })
export class StorageHealthModule {}
