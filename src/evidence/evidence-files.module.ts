import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { EVIDENCE_FILES, EvidenceFiles } from './evidence-files';

@Module({
  providers: [{ provide: EVIDENCE_FILES, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new EvidenceFiles(config.evidenceDir) }],
  exports: [EVIDENCE_FILES],
})
export class EvidenceFilesModule {}
