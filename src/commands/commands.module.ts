import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStoreModule } from '../event-store/event-store.module';
import { ActionStreams } from './shared/action-streams';
import { PlanStreams } from './shared/plan-streams';
import { ImportPlanService } from '../import/import-plan.service';
import { ImportPlanHandler } from './import-plan/import-plan.handler';
import { RedactEvidenceHandler } from './redact-evidence/redact-evidence.handler';
import { EvidenceFilesModule } from '../evidence/evidence-files.module';
import { AuditModule } from '../audit/audit.module';
import { CreatePlanHandler } from './create-plan/create-plan.handler';
import { DefineRagScaleHandler } from './define-rag-scale/define-rag-scale.handler';
import { AddPriorityHandler } from './add-priority/add-priority.handler';
import { AmendPriorityHandler } from './amend-priority/amend-priority.handler';
import { RecordReportingPointHandler } from './record-reporting-point/record-reporting-point.handler';
import { AddActionHandler } from './add-action/add-action.handler';
import { AmendActionHandler } from './amend-action/amend-action.handler';
import { WithdrawActionHandler } from './withdraw-action/withdraw-action.handler';
import { ChangeRatingHandler } from './change-rating/change-rating.handler';
import { CorrectRatingHandler } from './correct-rating/correct-rating.handler';
import { AssessCriteriaHandler } from './assess-criteria/assess-criteria.handler';
import { AddMilestoneHandler } from './add-milestone/add-milestone.handler';
import { ChangeMilestoneStatusHandler } from './change-milestone-status/change-milestone-status.handler';
import { SubmitEvidenceHandler } from './submit-evidence/submit-evidence.handler';
import { AcceptEvidenceHandler } from './accept-evidence/accept-evidence.handler';
import { RejectEvidenceHandler } from './reject-evidence/reject-evidence.handler';
import { SignOffCompletionHandler } from './sign-off-completion/sign-off-completion.handler';
import { ReopenActionHandler } from './reopen-action/reopen-action.handler';

export const COMMAND_HANDLERS = [
  ImportPlanHandler,
  RedactEvidenceHandler,
  CreatePlanHandler,
  DefineRagScaleHandler,
  AddPriorityHandler,
  AmendPriorityHandler,
  RecordReportingPointHandler,
  AddActionHandler,
  AmendActionHandler,
  WithdrawActionHandler,
  ChangeRatingHandler,
  CorrectRatingHandler,
  AssessCriteriaHandler,
  AddMilestoneHandler,
  ChangeMilestoneStatusHandler,
  SubmitEvidenceHandler,
  AcceptEvidenceHandler,
  RejectEvidenceHandler,
  SignOffCompletionHandler,
  ReopenActionHandler,
];

/** The write side: every command goes through the CommandBus to one of these handlers. */
@Module({
  imports: [CqrsModule, EventStoreModule, EvidenceFilesModule, AuditModule],
  providers: [PlanStreams, ActionStreams, ImportPlanService, ...COMMAND_HANDLERS],
  exports: [PlanStreams, ActionStreams],
})
export class CommandsModule {}
