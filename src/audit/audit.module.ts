import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { EventStoreModule } from '../event-store/event-store.module';
import { EvidenceFilesModule } from '../evidence/evidence-files.module';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { AuditService } from './audit.service';
import { BundleService } from './bundle.service';
import { createCheckpointStore } from './checkpoint-store.factory';
import { CHECKPOINT_STORE } from './checkpoint-store.port';
import { CHECKPOINT_INTERVAL, CheckpointScheduler, checkpointIntervalMinutes } from './checkpoint-scheduler';
import { LogTransfer } from './log-transfer.service';
import { CHECKPOINT_SIGNING_KEY, CheckpointSigningKey } from './signing-key';
import { defaultVerifySource, VERIFY_SOURCE_FACTORY } from './verify-source.factory';

/**
 * Tamper evidence: the signing key (created on first start), the checkpoint store
 * beside the log, AuditService (checkpoints, proofs, verify, which re-hashes the
 * evidence files too), LogTransfer (export,
 * restore) and the CheckpointScheduler, which starts with the application.
 */
@Module({
  imports: [EventStoreModule, EvidenceFilesModule],
  providers: [
    { provide: CHECKPOINT_SIGNING_KEY, inject: [APP_CONFIG], useFactory: (config: AppConfig) => CheckpointSigningKey.loadOrCreate(config.dataDir) },
    { provide: CHECKPOINT_STORE, inject: [EVENT_STORE], useFactory: (store: EventStore) => createCheckpointStore(store) },
    { provide: VERIFY_SOURCE_FACTORY, useValue: defaultVerifySource },
    { provide: CHECKPOINT_INTERVAL, useFactory: () => checkpointIntervalMinutes() },
    AuditService,
    BundleService,
    LogTransfer,
    CheckpointScheduler,
  ],
  exports: [AuditService, BundleService, LogTransfer, CheckpointScheduler, CHECKPOINT_SIGNING_KEY, CHECKPOINT_STORE],
})
export class AuditModule {}
