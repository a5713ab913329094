/**
 * How long each kind of text may be, and other sizes, declared once. The input
 * classes check them (class-validator), /api/docs describes them (generated from
 * those classes), the deciders, the importer and the web forms read them here,
 * so a limit cannot say one thing in the API and another on the page.
 */
export const LIMITS = {
  /** Free text a committee report carries: a title, success measures, an outcome, a commentary, a description. */
  text: 4000,
  /** Why a change is entered late, corrected, or (for an erasure) its lawful basis. */
  reason: 2000,
  /** An evidence item's title. */
  evidenceTitle: 500,
  /** A name: a council, an action's or a milestone's lead, a board date's label ("Nov 16"). */
  name: 200,
  /** The inspection finding an action answers, e.g. "Ofsted 3 (a)". */
  ofstedReference: 100,
  /** A plan's id, and the ids of evidence, milestones and events named in a command. */
  id: 64,
  /** An action's reference as the plan writes it: "3.2", "NEW 1". */
  reference: 32,
  /** A RAG code: "R", "DG", "C". */
  ratingCode: 12,
  /** A milestone's status ("On Track", "Achieved"), or the progress note a plan writes in its place (Devon's run to 130 characters). */
  milestoneStatus: 250,
  /** An uploaded file's name as stored with its evidence. */
  fileName: 255,
  /** A file's media type, e.g. application/pdf. */
  mediaType: 100,
  /** Priorities are numbered 1 to this. */
  priorityNumber: 99,
  /** The longest a plan may ask for the top rating to be held before completion, in months. */
  holdMonths: 36,
  /** A user's sign-in name, and the user named as an action's lead (leadUser). */
  userId: 64,
  /** A password as typed at sign-in. */
  password: 200,
} as const;
