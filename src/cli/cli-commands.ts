import * as commands from '../commands';

/**
 * The CLI's write commands, declared as data: each names the command class it
 * sends through the CommandBus and how its options map onto the command's fields.
 * Options every write shares (--plan, --effective, --reason) are added by the CLI itself.
 * Who is writing is never an option: the CLI proves it from the environment (cli-caller.ts).
 * Each also names its API route, so with PLAN_AUDIT_SERVER set the same command goes
 * to the running server over HTTP: `:field` in the path is filled from the command's
 * field of that name (and left out of the body), as the API's controllers read it.
 */
export interface OptionSpec {
  flags: string;
  description: string;
  /** The command field the option fills. */
  field: string;
  parse?: 'int' | 'json' | 'hold' | 'criteria' | 'switch' | 'number' | 'date';
  required?: boolean;
}

export interface WriteCommandSpec {
  name: string;
  description: string;
  command: new (input: unknown, issuedBy: commands.IssuedBy) => object;
  /** Whether the command is about one action (needs --ref). */
  action: boolean;
  options: OptionSpec[];
  /** The API route that issues the same command (src/api/*.controller.ts). */
  route: ApiRoute;
}

export interface ApiRoute {
  method: 'POST' | 'PATCH';
  path: string;
}

const onAction = (path: string, method: ApiRoute['method'] = 'POST'): ApiRoute => ({ method, path: `/api/plans/:planId/actions/:reference${path}` });

const commentary: OptionSpec = { flags: '--commentary <text>', description: 'the "update from service" or reviewer comment', field: 'commentary' };
const kpi: OptionSpec = { flags: '--kpi <id>', description: 'the KPI as the plan writes it, e.g. "KPI 1"', field: 'kpiId', required: true };
const actionDetails: OptionSpec[] = [
  { flags: '--ofsted <ref>', description: 'Ofsted recommendation, e.g. "Ofsted 3 (a)"', field: 'ofstedReference' },
  { flags: '--measures <text>', description: 'success measures', field: 'successMeasures' },
  { flags: '--lead <name>', description: 'the action lead', field: 'lead' },
  { flags: '--lead-user <userId>', description: 'the user who leads the action (may not sign it off while separation of duties is on)', field: 'leadUser' },
  { flags: '--due <date>', description: 'due date, e.g. 31/03/2017 or 2017-03-31', field: 'dueDate', parse: 'date' },
  { flags: '--sro <name>', description: 'the senior responsible owner, if the plan names one', field: 'seniorOwner' },
];

export const WRITE_COMMANDS: WriteCommandSpec[] = [
  {
    name: 'create-plan',
    description: 'start a new improvement plan',
    command: commands.CreatePlanCommand,
    action: false,
    options: [
      { flags: '--title <text>', description: 'the plan title', field: 'title', required: true },
      { flags: '--council <name>', description: 'the council', field: 'council', required: true },
      { flags: '--scale <preset-or-json>', description: 'sunderland-5, rag-completed, rag, or a JSON scale {"name","codes":[...]}', field: 'scale', parse: 'json', required: true },
      { flags: '--sign-off-role <role>', description: 'who signs off completion: qa (default) or board', field: 'signOffRole' },
      { flags: '--rating-method <method>', description: 'direct (default) or criteria', field: 'ratingMethod' },
      { flags: '--hold <code:months>', description: 'minimum hold before sign-off, e.g. DG:3', field: 'minimumHold', parse: 'hold' },
      { flags: '--separation-of-duties <on|off>', description: 'four eyes (default on)', field: 'separationOfDuties', parse: 'switch' },
    ],
    route: { method: 'POST', path: '/api/plans' },
  },
  {
    name: 'plan-settings',
    description: "change the plan's settings (board or admin; needs --reason); give only what changes",
    command: commands.ChangePlanSettingsCommand,
    action: false,
    options: [
      { flags: '--sign-off-role <role>', description: 'who reviews evidence and signs off: qa or board', field: 'signOffRole' },
      { flags: '--separation-of-duties <on|off>', description: 'four eyes: no one reviews their own evidence or signs off their own action', field: 'separationOfDuties', parse: 'switch' },
      { flags: '--hold <code:months|none>', description: 'minimum hold before sign-off, e.g. DG:3, or none', field: 'minimumHold', parse: 'hold' },
    ],
    route: { method: 'PATCH', path: '/api/plans/:planId/settings' },
  },
  {
    name: 'define-rag-scale',
    description: "replace the plan's RAG scale (existing codes must stay)",
    command: commands.DefineRagScaleCommand,
    action: false,
    options: [{ flags: '--scale <preset-or-json>', description: 'a preset name or a JSON scale', field: 'scale', parse: 'json', required: true }],
    route: { method: 'POST', path: '/api/plans/:planId/rag-scale' },
  },
  {
    name: 'add-priority',
    description: 'add a numbered priority',
    command: commands.AddPriorityCommand,
    action: false,
    options: [
      { flags: '--number <n>', description: 'priority number', field: 'number', parse: 'int', required: true },
      { flags: '--title <text>', description: 'priority title', field: 'title', required: true },
      { flags: '--outcome <text>', description: 'the outcome sought', field: 'outcome' },
    ],
    route: { method: 'POST', path: '/api/plans/:planId/priorities' },
  },
  {
    name: 'amend-priority',
    description: "change a priority's title or outcome",
    command: commands.AmendPriorityCommand,
    action: false,
    options: [
      { flags: '--number <n>', description: 'priority number', field: 'number', parse: 'int', required: true },
      { flags: '--title <text>', description: 'new title', field: 'title' },
      { flags: '--outcome <text>', description: 'new outcome', field: 'outcome' },
    ],
    route: { method: 'PATCH', path: '/api/plans/:planId/priorities/:number' },
  },
  {
    name: 'reporting-point',
    description: 'name a board date that reports compare against, e.g. "Nov 16"',
    command: commands.RecordReportingPointCommand,
    action: false,
    options: [
      { flags: '--label <text>', description: 'the name used in reports', field: 'label', required: true },
      { flags: '--date <date>', description: 'the date of the meeting, e.g. 30/11/2016 or 2016-11-30', field: 'date', required: true, parse: 'date' },
    ],
    route: { method: 'POST', path: '/api/plans/:planId/reporting-points' },
  },
  {
    name: 'add-action',
    description: 'add an action to a priority (unrated unless --initial-rating)',
    command: commands.AddActionCommand,
    action: true,
    options: [
      { flags: '--priority <n>', description: 'the priority number', field: 'priorityNumber', parse: 'int', required: true },
      { flags: '--title <text>', description: 'the action as worded in the plan', field: 'title', required: true },
      ...actionDetails,
      { flags: '--initial-rating <code>', description: 'initial RAG code', field: 'initialRating' },
    ],
    route: { method: 'POST', path: '/api/plans/:planId/actions' },
  },
  {
    name: 'amend-action',
    description: "change an action's wording, lead, due date or priority",
    command: commands.AmendActionCommand,
    action: true,
    options: [
      { flags: '--priority <n>', description: 'move to another priority', field: 'priorityNumber', parse: 'int' },
      { flags: '--title <text>', description: 'new wording', field: 'title' },
      ...actionDetails,
    ],
    route: onAction('', 'PATCH'),
  },
  { name: 'withdraw-action', description: 'withdraw an action (needs --reason)', command: commands.WithdrawActionCommand, action: true, options: [], route: onAction('/withdrawal') },
  {
    name: 'rate',
    description: 'change the RAG rating of an action',
    command: commands.ChangeRatingCommand,
    action: true,
    options: [{ flags: '--code <code>', description: 'the RAG code, e.g. A or DG', field: 'code', required: true }, commentary],
    route: onAction('/ratings'),
  },
  {
    name: 'correct-rating',
    description: 'correct a recorded rating (needs --reason); the original stays in the history',
    command: commands.CorrectRatingCommand,
    action: true,
    options: [
      { flags: '--event <eventId>', description: 'the rating event being corrected', field: 'correctsEventId', required: true },
      { flags: '--code <code>', description: 'the correct RAG code', field: 'code', required: true },
      commentary,
    ],
    route: onAction('/ratings/:correctsEventId/correction'),
  },
  {
    name: 'assess-criteria',
    description: 'answer the five project criteria; the rating follows',
    command: commands.AssessCriteriaCommand,
    action: true,
    options: [
      {
        flags: '--met <list>',
        description: 'comma-separated criteria that are met: clearScope, clearResourceRequirements, resourceAllocated, projectPlanDeveloped, ambitiousDeliveryTimescales',
        field: 'criteria',
        parse: 'criteria',
        required: true,
      },
    ],
    route: onAction('/criteria'),
  },
  {
    name: 'add-milestone',
    description: 'add a milestone to an action (the board)',
    command: commands.AddMilestoneCommand,
    action: true,
    options: [
      { flags: '--milestone <id>', description: 'milestone id (generated if omitted)', field: 'milestoneId' },
      { flags: '--title <text>', description: 'what is to be done', field: 'title', required: true },
      { flags: '--due <date>', description: 'as the plan writes it: 31/03/2017, 2017-03-31, "Sept 17", "April 2018", "Sept, Nov 17" or "TBC"', field: 'dueDate' },
      { flags: '--lead <name>', description: 'who', field: 'lead' },
      { flags: '--status <text>', description: 'initial status (default "Not started")', field: 'status' },
    ],
    route: onAction('/milestones'),
  },
  {
    name: 'milestone-status',
    description: "change a milestone's status",
    command: commands.ChangeMilestoneStatusCommand,
    action: true,
    options: [
      { flags: '--milestone <id>', description: 'milestone id', field: 'milestoneId', required: true },
      { flags: '--status <text>', description: 'e.g. On Track, Achieved, Completed', field: 'status', required: true },
      commentary,
    ],
    route: onAction('/milestones/:milestoneId/status'),
  },
  {
    name: 'submit-evidence',
    description: 'submit evidence for an action',
    command: commands.SubmitEvidenceCommand,
    action: true,
    options: [
      { flags: '--evidence <id>', description: 'evidence id (generated if omitted)', field: 'evidenceId' },
      { flags: '--title <text>', description: 'what the evidence is', field: 'title', required: true },
      { flags: '--description <text>', description: 'what it shows', field: 'description' },
      { flags: '--file-hash <sha256>', description: 'SHA-256 of the evidence file', field: 'fileHash' },
    ],
    route: onAction('/evidence'),
  },
  {
    name: 'accept-evidence',
    description: 'accept submitted evidence (sign-off role only)',
    command: commands.AcceptEvidenceCommand,
    action: true,
    options: [{ flags: '--evidence <id>', description: 'evidence id', field: 'evidenceId', required: true }, commentary],
    route: onAction('/evidence/:evidenceId/acceptance'),
  },
  {
    name: 'reject-evidence',
    description: 'reject submitted evidence (sign-off role only; needs --reason)',
    command: commands.RejectEvidenceCommand,
    action: true,
    options: [{ flags: '--evidence <id>', description: 'evidence id', field: 'evidenceId', required: true }],
    route: onAction('/evidence/:evidenceId/rejection'),
  },
  {
    name: 'sign-off',
    description: 'sign an action off as completed and evidenced (sign-off role only)',
    command: commands.SignOffCompletionCommand,
    action: true,
    options: [commentary],
    route: onAction('/sign-off'),
  },
  { name: 'reopen', description: 'reopen a completed action (needs --reason)', command: commands.ReopenActionCommand, action: true, options: [], route: onAction('/reopening') },
  // KPIs (src/domain/kpi/): the board defines and changes them; leads and the board give each period's figure.
  {
    name: 'define-kpi',
    description: 'define a KPI of a priority (board)',
    command: commands.DefineKpiCommand,
    action: false,
    options: [
      kpi,
      { flags: '--priority <n>', description: 'the priority it belongs to', field: 'priorityNumber', parse: 'int', required: true },
      { flags: '--name <text>', description: 'what is measured, e.g. "Assessments completed within 45 days"', field: 'name', required: true },
      { flags: '--unit <text>', description: 'e.g. %, days, children', field: 'unit', required: true },
      { flags: '--target <number>', description: 'the target', field: 'target', parse: 'number', required: true },
      { flags: '--better <higher|lower>', description: 'which way is better', field: 'betterWhen', required: true },
      { flags: '--amber-within <number>', description: 'Amber when worse than the target by no more than this; Red beyond (default 0)', field: 'amberWithin', parse: 'number' },
      { flags: '--period <monthly|quarterly>', description: 'how often a figure is given (quarters are calendar quarters)', field: 'period', required: true },
    ],
    route: { method: 'POST', path: '/api/plans/:planId/kpis' },
  },
  {
    name: 'change-kpi',
    description: "change a KPI's target, Amber band, direction, wording or priority (board); give only what changes",
    command: commands.ChangeKpiCommand,
    action: false,
    options: [
      kpi,
      { flags: '--priority <n>', description: 'move to another priority', field: 'priorityNumber', parse: 'int' },
      { flags: '--name <text>', description: 'what is measured', field: 'name' },
      { flags: '--unit <text>', description: 'e.g. %, days', field: 'unit' },
      { flags: '--target <number>', description: 'the new target', field: 'target', parse: 'number' },
      { flags: '--better <higher|lower>', description: 'which way is better', field: 'betterWhen' },
      { flags: '--amber-within <number>', description: 'the Amber band', field: 'amberWithin', parse: 'number' },
    ],
    route: { method: 'PATCH', path: '/api/plans/:planId/kpis/:kpiId' },
  },
  {
    name: 'record-kpi',
    description: "record a KPI's figure for a period (lead, board); it takes effect from the start of the period",
    command: commands.RecordKpiValueCommand,
    action: false,
    options: [
      kpi,
      { flags: '--period <period>', description: 'e.g. 2018-04 or "Apr 2018" (monthly), 2018-Q1 or "Q1 2018" (quarterly)', field: 'period', required: true },
      { flags: '--value <number>', description: 'the figure', field: 'value', parse: 'number', required: true },
      commentary,
    ],
    route: { method: 'POST', path: '/api/plans/:planId/kpis/:kpiId/values' },
  },
  {
    name: 'correct-kpi',
    description: "correct a KPI's recorded figure, naming its event (lead, board; needs --reason); the original stays in the history",
    command: commands.CorrectKpiValueCommand,
    action: false,
    options: [
      kpi,
      { flags: '--corrects <eventId>', description: 'the event id of the figure being corrected', field: 'correctsEventId', required: true },
      { flags: '--value <number>', description: 'the right figure', field: 'value', parse: 'number', required: true },
      commentary,
    ],
    route: { method: 'POST', path: '/api/plans/:planId/kpis/:kpiId/corrections' },
  },
];
