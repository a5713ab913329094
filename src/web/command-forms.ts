import { Role } from '../domain/roles';

/**
 * Where each command of the command table (src/commands/command-table.ts) is issued from the
 * pages, and one role allowed to issue it that the form is offered to (issue 26: a form for every
 * command). Keyed by the command's name without "Command". The addresses take the plan, the
 * action's reference, a milestone's and an evidence item's id; test/web/command-forms.spec.ts
 * checks every row of the table is here or in NO_FORM, and that each address answers that role.
 */
export interface CommandForm {
  path: string;
  role: Role;
}

export const COMMAND_FORMS: Record<string, CommandForm> = {
  CreatePlan: { path: '/new-plan', role: 'board' },
  DefineRagScale: { path: '/plans/:planId/setup/rag-scale', role: 'board' },
  AddPriority: { path: '/plans/:planId/setup/group', role: 'board' },
  AmendPriority: { path: '/plans/:planId/setup/amend-group', role: 'board' },
  RecordReportingPoint: { path: '/plans/:planId/setup/board-date', role: 'board' },
  ChangePlanSettings: { path: '/plans/:planId/setup/settings', role: 'board' },
  NameLevels: { path: '/plans/:planId/setup/levels', role: 'board' },
  AddSection: { path: '/plans/:planId/setup/section', role: 'board' },
  PlaceGroupInSection: { path: '/plans/:planId/setup/place-in-section', role: 'board' },
  RecordRecommendation: { path: '/plans/:planId/setup/recommendation', role: 'board' },
  LinkRecommendation: { path: '/plans/:planId/setup/link-recommendation', role: 'board' },
  UnlinkRecommendation: { path: '/plans/:planId/setup/unlink-recommendation', role: 'board' },

  AddAction: { path: '/plans/:planId/add-action', role: 'board' },
  AmendAction: { path: '/plans/:planId/actions/:reference/amend', role: 'board' },
  WithdrawAction: { path: '/plans/:planId/actions/:reference/withdraw', role: 'board' },
  ChangeRating: { path: '/plans/:planId/actions/:reference/rating', role: 'lead' },
  CorrectRating: { path: '/plans/:planId/actions/:reference/correct-rating', role: 'lead' },
  AssessCriteria: { path: '/plans/:planId/actions/:reference/criteria', role: 'lead' },
  AddMilestone: { path: '/plans/:planId/actions/:reference/add-milestone', role: 'board' },
  ChangeMilestoneStatus: { path: '/plans/:planId/actions/:reference/milestones/:milestoneId/status', role: 'lead' },
  SubmitEvidence: { path: '/plans/:planId/actions/:reference/evidence', role: 'lead' },
  // Accepting and rejecting are the two answers of one review page.
  AcceptEvidence: { path: '/plans/:planId/actions/:reference/evidence/:evidenceId/review', role: 'qa' },
  RejectEvidence: { path: '/plans/:planId/actions/:reference/evidence/:evidenceId/review', role: 'qa' },
  RedactEvidence: { path: '/plans/:planId/actions/:reference/evidence/:evidenceId/erase', role: 'admin' },
  SignOffCompletion: { path: '/plans/:planId/actions/:reference/sign-off', role: 'qa' },
  ReopenAction: { path: '/plans/:planId/actions/:reference/reopen', role: 'qa' },
  LinkActionRecommendation: { path: '/plans/:planId/setup/link-item-recommendation', role: 'board' },
  UnlinkActionRecommendation: { path: '/plans/:planId/setup/unlink-item-recommendation', role: 'board' },

  DefineKpi: { path: '/plans/:planId/kpis/define', role: 'board' },
  ChangeKpi: { path: '/plans/:planId/kpis/change', role: 'board' },
  RecordKpiValue: { path: '/plans/:planId/kpis/figure', role: 'lead' },
  CorrectKpiValue: { path: '/plans/:planId/kpis/correct', role: 'lead' },
};

/** The commands no page issues, and why. */
export const NO_FORM: Record<string, string> = {
  RecordImport: 'Sent only by the importer (src/import/), with the imported commands, when a plan file is imported through the API or the CLI; a page of its own would record an import of no file.',
  ImportRating: 'Imported history: sent only by the importer, each naming the file and row it came from; a person rates with ChangeRating.',
  ImportCompletion: 'Imported history: sent only by the importer; a person signs off with SignOffCompletion.',
  ImportReopening: 'Imported history: sent only by the importer; a person reopens with ReopenAction.',
};
