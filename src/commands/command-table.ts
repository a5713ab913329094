import { AcceptEvidenceCommand, AcceptEvidenceInput } from './action/accept-evidence.command';
import { AddActionCommand, AddActionInput } from './action/add-action.command';
import { AddMilestoneCommand, AddMilestoneInput } from './action/add-milestone.command';
import { AmendActionCommand, AmendActionInput } from './action/amend-action.command';
import { AssessCriteriaCommand, AssessCriteriaInput } from './action/assess-criteria.command';
import { ChangeMilestoneStatusCommand, ChangeMilestoneStatusInput } from './action/change-milestone-status.command';
import { ChangeRatingCommand, ChangeRatingInput } from './action/change-rating.command';
import {
  ImportCompletionCommand,
  ImportCompletionInput,
  ImportRatingCommand,
  ImportRatingInput,
  ImportReopeningCommand,
  ImportReopeningInput,
} from './action/imported-history.command';
import { CorrectRatingCommand, CorrectRatingInput } from './action/correct-rating.command';
import { RedactEvidenceCommand, RedactEvidenceInput } from './action/redact-evidence.command';
import { RejectEvidenceCommand, RejectEvidenceInput } from './action/reject-evidence.command';
import { ReopenActionCommand, ReopenActionInput } from './action/reopen-action.command';
import { SignOffCompletionCommand, SignOffCompletionInput } from './action/sign-off-completion.command';
import { SubmitEvidenceCommand, SubmitEvidenceInput } from './action/submit-evidence.command';
import { WithdrawActionCommand, WithdrawActionInput } from './action/withdraw-action.command';
import { CommandRoute, DecisionTarget, onAction, onPlan } from './command-route';
import { DecidedCommand } from './decided-command';
import { AddPriorityCommand, AddPriorityInput } from './plan/add-priority.command';
import { AmendPriorityCommand, AmendPriorityInput } from './plan/amend-priority.command';
import { ChangePlanSettingsCommand, ChangePlanSettingsInput } from './plan/change-plan-settings.command';
import { CreatePlanCommand, CreatePlanInput } from './plan/create-plan.command';
import { DefineRagScaleCommand, DefineRagScaleInput } from './plan/define-rag-scale.command';
import { RecordImportCommand, RecordImportInput } from './plan/record-import.command';
import { RecordReportingPointCommand, RecordReportingPointInput } from './plan/record-reporting-point.command';
import { newId } from './shared/new-id';
import { onKpi } from './kpi/kpi-route';
import {
  ChangeKpiCommand,
  ChangeKpiInput,
  CorrectKpiValueCommand,
  CorrectKpiValueInput,
  DefineKpiCommand,
  DefineKpiInput,
  RecordKpiValueCommand,
  RecordKpiValueInput,
} from './kpi/kpi.commands';
import {
  AddSectionCommand,
  AddSectionInput,
  GroupRecommendationInput,
  LinkRecommendationCommand,
  NameLevelsCommand,
  NameLevelsInput,
  PlaceGroupInSectionCommand,
  PlaceGroupInSectionInput,
  RecordRecommendationCommand,
  RecordRecommendationInput,
  UnlinkRecommendationCommand,
} from './plan/plan-shape.command';
import { ActionRecommendationInput, LinkActionRecommendationCommand, UnlinkActionRecommendationCommand } from './action/action-recommendation.command';

/**
 * Every command the plan and action deciders settle, one row each:
 *
 *   the stream (and so the decider)  the command callers send    the fields it takes   the decider's command (plus ids the server makes up)
 *
 * Who may issue each one is the decider's to say (src/domain/permissions.ts and the
 * deciders' role checks): for a sign-off it depends on the plan, so it cannot be a
 * column here. All are handled by DecidedCommandHandler, except RedactEvidence,
 * whose handler also removes the file. An import (src/import/) turns a spreadsheet
 * into these same commands and records them together (RecordTogetherCommand).
 */
export const COMMAND_TABLE: readonly CommandRoute[] = [
  onPlan(CreatePlanCommand, CreatePlanInput, (fields) => ({ type: 'CreatePlan', ...fields })),
  onPlan(DefineRagScaleCommand, DefineRagScaleInput, (fields) => ({ type: 'DefineRagScale', ...fields })),
  onPlan(AddPriorityCommand, AddPriorityInput, (fields) => ({ type: 'AddPriority', ...fields })),
  onPlan(AmendPriorityCommand, AmendPriorityInput, (fields) => ({ type: 'AmendPriority', ...fields })),
  onPlan(RecordReportingPointCommand, RecordReportingPointInput, (fields) => ({ type: 'RecordReportingPoint', ...fields })),
  onPlan(ChangePlanSettingsCommand, ChangePlanSettingsInput, (fields) => ({ type: 'ChangePlanSettings', ...fields })),
  onPlan(RecordImportCommand, RecordImportInput, (fields) => ({ type: 'RecordImport', ...fields })),
  // The plan's own words and shape (src/domain/plan/plan-shape.ts).
  onPlan(NameLevelsCommand, NameLevelsInput, (fields) => ({ type: 'NameLevels', ...fields })),
  onPlan(AddSectionCommand, AddSectionInput, (fields) => ({ type: 'AddSection', ...fields })),
  onPlan(PlaceGroupInSectionCommand, PlaceGroupInSectionInput, (fields) => ({ type: 'PlaceGroupInSection', ...fields })),
  onPlan(RecordRecommendationCommand, RecordRecommendationInput, (fields) => ({ type: 'RecordRecommendation', ...fields })),
  onPlan(LinkRecommendationCommand, GroupRecommendationInput, (fields) => ({ type: 'LinkRecommendation', ...fields })),
  onPlan(UnlinkRecommendationCommand, GroupRecommendationInput, (fields) => ({ type: 'UnlinkRecommendation', ...fields })),

  onAction(AddActionCommand, AddActionInput, (fields) => ({ type: 'AddAction', ...fields })),
  onAction(AmendActionCommand, AmendActionInput, (fields) => ({ type: 'AmendAction', ...fields })),
  onAction(WithdrawActionCommand, WithdrawActionInput, (fields) => ({ type: 'WithdrawAction', ...fields })),
  onAction(ChangeRatingCommand, ChangeRatingInput, (fields) => ({ type: 'ChangeRating', ...fields })),
  onAction(CorrectRatingCommand, CorrectRatingInput, (fields) => ({ type: 'CorrectRating', ...fields })),
  onAction(AssessCriteriaCommand, AssessCriteriaInput, (fields) => ({ type: 'AssessCriteria', ...fields })),
  onAction(AddMilestoneCommand, AddMilestoneInput, (fields) => ({ type: 'AddMilestone', ...fields, milestoneId: fields.milestoneId ?? newId('ms') })),
  onAction(ChangeMilestoneStatusCommand, ChangeMilestoneStatusInput, (fields) => ({ type: 'ChangeMilestoneStatus', ...fields })),
  onAction(SubmitEvidenceCommand, SubmitEvidenceInput, (fields) => ({ type: 'SubmitEvidence', ...fields, evidenceId: fields.evidenceId ?? newId('ev') })),
  onAction(AcceptEvidenceCommand, AcceptEvidenceInput, (fields) => ({ type: 'AcceptEvidence', ...fields })),
  onAction(RejectEvidenceCommand, RejectEvidenceInput, (fields) => ({ type: 'RejectEvidence', ...fields })),
  onAction(RedactEvidenceCommand, RedactEvidenceInput, (fields) => ({ type: 'RedactEvidence', ...fields })),
  onAction(SignOffCompletionCommand, SignOffCompletionInput, (fields) => ({ type: 'SignOffCompletion', ...fields })),
  onAction(ReopenActionCommand, ReopenActionInput, (fields) => ({ type: 'ReopenAction', ...fields })),
  // Imported history: sent only by the importer (src/import/), each naming the file it came from.
  onAction(ImportRatingCommand, ImportRatingInput, (fields) => ({ type: 'ImportRating', ...fields })),
  onAction(ImportCompletionCommand, ImportCompletionInput, (fields) => ({ type: 'ImportCompletion', ...fields })),
  onAction(ImportReopeningCommand, ImportReopeningInput, (fields) => ({ type: 'ImportReopening', ...fields })),

  // KPIs: each on its own stream, decided by the KPI decider (src/domain/kpi/).
  onKpi(DefineKpiCommand, DefineKpiInput, (fields) => ({ type: 'DefineKpi', ...fields })),
  onKpi(ChangeKpiCommand, ChangeKpiInput, (fields) => ({ type: 'ChangeKpi', ...fields })),
  onKpi(RecordKpiValueCommand, RecordKpiValueInput, (fields) => ({ type: 'RecordKpiValue', ...fields })),
  onKpi(CorrectKpiValueCommand, CorrectKpiValueInput, (fields) => ({ type: 'CorrectKpiValue', ...fields })),
  onAction(LinkActionRecommendationCommand, ActionRecommendationInput, (fields) => ({ type: 'LinkActionRecommendation', ...fields })),
  onAction(UnlinkActionRecommendationCommand, ActionRecommendationInput, (fields) => ({ type: 'UnlinkActionRecommendation', ...fields })),
];

// Keyed by the command's class: a command's constructor is how the bus told them apart too.
const ROUTES = new Map<unknown, CommandRoute>(COMMAND_TABLE.map((route) => [route.command, route]));

/** Validate a command's fields and find what to decide on which stream; a command missing from the table is a programming error. */
export function decisionTarget(command: DecidedCommand): DecisionTarget {
  const route = ROUTES.get(command.constructor);
  if (!route) throw new Error(`${command.constructor.name} is not in the command table (src/commands/command-table.ts)`);
  return route.target(command.input);
}
