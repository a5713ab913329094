import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { EventStoreModule } from '../event-store/event-store.module';
import { EvidenceFilesModule } from '../evidence/evidence-files.module';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { AuditService } from './audit.service';
import { BundleService } from './bundle.service';
import { createCheckpointStore } from './checkpoint-store.factory';
import { CHECKPOINT_STORE } from './checkpoint-store.port';
import { CHECKPOINT_INTERVAL, CheckpointScheduler, checkpointIntervalMinutes } from './checkpoint-scheduler';
import { HeadSigner, SIGN_HEAD_EVERY_MS, signHeadEveryMs } from './head-signer';
import { LogTransfer } from './log-transfer.service';
import { signerFolderOf } from './signer-folder';
import { AdvisoryLockLeadership, SIGNER_LEADERSHIP, SignerAlone, signerLeaderRetryMs } from './signer-leadership';
import { WITNESS_CONFIG, witnessConfig, WitnessSubmitter } from './witnesses';
import { CHECKPOINT_SIGNING_KEY, CheckpointSigningKey } from './signing-key';
import { defaultVerifySource, VERIFY_SOURCE_FACTORY } from './verify-source.factory';

/**
 * Tamper evidence: the signing key and last signed head (in the signer folder, outside
 * the data folder), the HeadSigner (a signed head on every commit), the checkpoint store
 * beside the log, AuditService (checkpoints, proofs, verify, which re-hashes the
 * evidence files too), LogTransfer (export,
 * restore) and the CheckpointScheduler, which starts with the application.
 */
@Module({
  imports: [EventStoreModule, EvidenceFilesModule],
  providers: [
    {
      provide: CHECKPOINT_SIGNING_KEY,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const logger = new Logger('Signing');
        return CheckpointSigningKey.loadOrCreate(config.signerDir ?? signerFolderOf(config.dataDir), { dataDir: config.dataDir, log: (line) => logger.warn(line), origin: process.env.LOG_ORIGIN || undefined });
      },
    },
    { provide: CHECKPOINT_STORE, inject: [EVENT_STORE], useFactory: (store: EventStore) => createCheckpointStore(store) },
    { provide: VERIFY_SOURCE_FACTORY, useValue: defaultVerifySource },
    { provide: CHECKPOINT_INTERVAL, useFactory: () => checkpointIntervalMinutes() },
    { provide: SIGN_HEAD_EVERY_MS, useFactory: () => signHeadEveryMs() },
    { provide: WITNESS_CONFIG, useFactory: () => witnessConfig() },
    {
      // One signer among the servers on a PostgreSQL log (a session advisory lock); on SQLite the one server.
      provide: SIGNER_LEADERSHIP,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        config.databaseUrl ? new AdvisoryLockLeadership({ connectionString: config.databaseUrl, schema: config.databaseSchema, retryMs: signerLeaderRetryMs() }) : new SignerAlone(),
    },
    WitnessSubmitter,
    HeadSigner,
    AuditService,
    BundleService,
    LogTransfer,
    CheckpointScheduler,
  ],
  exports: [AuditService, BundleService, LogTransfer, CheckpointScheduler, HeadSigner, WitnessSubmitter, CHECKPOINT_SIGNING_KEY, CHECKPOINT_STORE, SIGNER_LEADERSHIP],
})
export class AuditModule {}
