import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EvidenceFilesModule } from '../evidence/evidence-files.module';
import { ReadModelsModule } from '../projections/read-models.module';
import { ActionPagesController } from './action-pages.controller';
import { ActionFormsController } from './action-forms.controller';
import { AuditPageController } from './audit-page.controller';
import { AuditModule } from '../audit/audit.module';
import { SignedLogVerifier } from './audit/signed-log-verifier';
import { EVENT_LOG_VERIFIER } from './audit/event-log-verifier';
import { EvidenceDownloadController } from './evidence-download.controller';
import { EvidenceFormController } from './evidence-form.controller';
import { PlanPagesController } from './plan-pages.controller';
import { PlanReads } from './plan-reads';
import { RatingFormController } from './rating-form.controller';
import { ReportPagesController } from './report-pages.controller';
import { ReviewPagesController } from './review-pages.controller';
import { SignInPageController } from './sign-in.controller';
import { OidcSignInController } from './oidc-sign-in.controller';
import { WebErrorFilter } from './web-error.filter';
import { HomePageController } from './home-page.controller';
import { PlanSetupController } from './setup/plan-setup.controller';
import { KpiPagesController } from './setup/kpi-pages.controller';
import { WebPages } from './web-pages';
import { SignedRecordPageController } from './signed-record-page.controller';
import { YourWorkController } from './your-work.controller';

/**
 * The web pages (GOV.UK Frontend, server-rendered). They read and write through
 * the query and command buses like the API, as the signed-in caller.
 * The audit page shows the full verification (SignedLogVerifier over AuditService).
 */
@Module({
  imports: [AuthModule, ReadModelsModule, EvidenceFilesModule, AuditModule],
  controllers: [
    SignInPageController,
    OidcSignInController,
    PlanPagesController,
    ReportPagesController,
    ActionPagesController,
    RatingFormController,
    EvidenceFormController,
    EvidenceDownloadController,
    ReviewPagesController,
    AuditPageController,
    SignedRecordPageController,
    HomePageController,
    PlanSetupController,
    KpiPagesController,
    YourWorkController,
    ActionFormsController,
  ],
  providers: [WebPages, PlanReads, WebErrorFilter, { provide: EVENT_LOG_VERIFIER, useClass: SignedLogVerifier }],
})
export class WebModule {}
