import { ActionSnapshot, displayCodes, EvidenceSnapshot, MilestoneSnapshot, PlanSnapshot, PrioritySnapshot, RatingSnapshot, sortActions } from '../plan-snapshot/plan-snapshot';
import { DetailField, FactKind } from './fact-kinds';
import { LifecycleFact, PlanCreatedFact, PlanSettingFact, ScaleFact } from './fact-records';
import { FactsInForce } from './facts-in-force';
import { GROUP_BLOCK, PlanTimeline } from './plan-timeline';
import { actionLinksOf, ShapeParts, shapePartsOf, withShape } from './shape-facts';

/** The whole plan, or only what the reports comparing ratings read (no evidence, no milestones). */
export type SnapshotContents = 'whole plan' | 'ratings only';

/** The kinds of fact about evidence and milestones, which no rating report reads: not even searched for those. */
const NOT_RATINGS: ReadonlySet<number> = new Set([FactKind.Evidence, FactKind.EvidenceReview, FactKind.EvidenceRedaction, FactKind.Milestone, FactKind.MilestoneStatus]);

/** No evidence or milestones: one frozen list of each, shared by every action that has none. */
const NO_EVIDENCE: EvidenceSnapshot[] = [];
const NO_MILESTONES: MilestoneSnapshot[] = [];
Object.freeze(NO_EVIDENCE);
Object.freeze(NO_MILESTONES);

const OPEN: LifecycleFact = Object.freeze({ status: 'open' });

/**
 * The plan as at (asOf, knownAt), assembled from the facts in force. It changes
 * nothing but the timeline's memo of merged items (see FactsInForce.mergedEvidence);
 * the tests compare what it gives, through the queries and the HTTP API, with the
 * replay oracle.
 */
export function snapshotFromFacts(timeline: PlanTimeline, planSubject: string, asOf: string, knownAt: string, contents: SnapshotContents): PlanSnapshot | undefined {
  const facts = new FactsInForce(timeline, asOf, knownAt, contents === 'ratings only' ? NOT_RATINGS : undefined);
  const { subjects } = timeline;
  const planIndex = subjects.indexOf(planSubject);
  if (planIndex < 0) return undefined;
  const plan = planPartsOf(facts, planIndex);
  if (!plan) return undefined;

  const displayCode = displayCodes(plan.scale);
  const actions: ActionSnapshot[] = [];
  let inPrintedOrder = true;
  for (const s of timeline.inPrintedOrder) {
    if (s === planIndex) continue;
    const action = actionOf(facts, s, displayCode);
    if (action) {
      actions.push(action);
      if (inPrintedOrder && !facts.inPrintedPlace(s)) inPrintedOrder = false;
    }
  }
  return {
    planId: timeline.planId,
    title: plan.created.title,
    council: plan.created.council,
    ...settingsOf(plan),
    scale: plan.scale,
    asOf,
    knownAt,
    priorities: plan.priorities.map((p) => withShape(p, plan.shape)),
    reportingPoints: plan.reportingPoints,
    words: plan.shape.words,
    ...(plan.shape.sections.length ? { sections: plan.shape.sections } : {}),
    ...(plan.shape.recommendations.length ? { recommendations: plan.shape.recommendations } : {}),
    // The timeline holds actions in the plan's order by their latest details: sorted only if a detail in force is older.
    actions: inPrintedOrder ? actions : sortActions(actions),
  };
}

/**
 * The settings in force: as the plan was created, each replaced by the latest change in
 * force. A plan created before separation of duties could be set has it on.
 */
function settingsOf({ created, settings }: PlanParts): Pick<PlanSnapshot, 'signOffRole' | 'ratingMethod' | 'minimumHold' | 'separationOfDuties'> {
  const hold = settings.has('minimumHold') ? settings.get('minimumHold') : created.minimumHold;
  return {
    signOffRole: (settings.get('signOffRole') as string | undefined) ?? created.signOffRole,
    ratingMethod: created.ratingMethod,
    ...(hold ? { minimumHold: hold as PlanSnapshot['minimumHold'] } : {}),
    separationOfDuties: (settings.get('separationOfDuties') as boolean | undefined) ?? created.separationOfDuties ?? true,
  };
}

interface PlanParts {
  created: PlanCreatedFact;
  /** The settings changed since, by name. */
  settings: Map<string, PlanSettingFact>;
  scale: ScaleFact;
  priorities: PrioritySnapshot[];
  reportingPoints: { label: string; date: string }[];
  /** Its words, sections, recommendations and links (shape-facts.ts). */
  shape: ShapeParts;
}

/** The plan's own facts in force: how it was created, its scale, priorities and reporting points. */
function planPartsOf(facts: FactsInForce, planIndex: number): PlanParts | undefined {
  const groups = facts.groupsOf(planIndex);
  let created: PlanCreatedFact | undefined;
  let scale: ScaleFact | undefined;
  const settings = new Map<string, PlanSettingFact>();
  const priorityNumbers: number[] = [];
  const priorityFields = new Map<string, string>();
  const points: number[] = [];
  const shape: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    // A block of groups none of which had taken effect by asOf: stepped over whole.
    if ((i & (GROUP_BLOCK - 1)) === 0 && !facts.mayHoldBlock(planIndex, i)) {
      i += GROUP_BLOCK - 1;
      continue;
    }
    const g = groups[i];
    if (!facts.holds(g)) continue;
    switch (facts.kindOf(g)) {
      case FactKind.Plan: created = facts.planCreated(g); break;
      case FactKind.Scale: scale = facts.scale(g); break;
      case FactKind.PlanSetting: settings.set(facts.keyOf(g), facts.planSetting(g)); break;
      case FactKind.Priority: priorityNumbers.push(Number(facts.keyOf(g))); break;
      case FactKind.PriorityField: priorityFields.set(facts.keyOf(g), facts.priorityField(g)); break;
      case FactKind.ReportingPoint: points.push(g); break;
      case FactKind.Shape: shape.push(g); break;
    }
  }
  if (!created) return undefined;
  const priorities = priorityNumbers
    .map((number) => {
      const outcome = priorityFields.get(`${number}:outcome`);
      return { number, title: priorityFields.get(`${number}:title`) ?? '', ...(outcome !== undefined ? { outcome } : {}) };
    })
    .sort((a, b) => a.number - b.number);
  const reportingPoints = facts.inEffectiveOrder(points).map((g) => ({ label: facts.keyOf(g), date: facts.reportingPoint(g) }));
  return { created, settings, scale: scale ?? { name: '', codes: [] }, priorities, reportingPoints, shape: shapePartsOf(facts, shape) };
}

/**
 * The action as reports show it, or undefined before it was added. Its fields are
 * gathered into locals and the snapshot built as one literal with every field named
 * (absent ones undefined, which JSON leaves out): objects spread from varying keys
 * took V8's slow path, and this runs for every action of every plan read, twice for
 * a report between two dates.
 */
function actionOf(facts: FactsInForce, subject: number, displayCode: (status: string, rating: RatingSnapshot | undefined) => string): ActionSnapshot | undefined {
  const groups = facts.groupsOf(subject);
  let added = -1;
  let lifecycle = OPEN;
  let rating: RatingSnapshot | undefined;
  let reference: string | undefined, priorityNumber: number | undefined, title: string | undefined;
  let ofstedReference: string | undefined, successMeasures: string | undefined, lead: string | undefined, dueDate: string | undefined;
  let otherDetails: number[] | undefined;
  // An action's evidence items and milestones (their reviews, redactions and statuses are found with them).
  let evidence: number[] | undefined, milestones: number[] | undefined;
  let links: number[] | undefined;
  for (let i = 0; i < groups.length; i++) {
    // Evidence submitted after asOf is a group each, in blocks at the end: stepped over whole.
    if ((i & (GROUP_BLOCK - 1)) === 0 && !facts.mayHoldBlock(subject, i)) {
      i += GROUP_BLOCK - 1;
      continue;
    }
    const g = groups[i];
    if (!facts.holds(g)) continue;
    switch (facts.kindOf(g)) {
      case FactKind.Added: added = g; break;
      case FactKind.Lifecycle: lifecycle = facts.lifecycle(g); break;
      case FactKind.Rating: rating = facts.rating(g); break;
      case FactKind.Detail:
        switch (facts.detailFieldOf(g)) {
          case DetailField.Reference: reference = facts.detail(g, 'reference'); break;
          case DetailField.PriorityNumber: priorityNumber = facts.detail(g, 'priorityNumber'); break;
          case DetailField.OfstedReference: ofstedReference = facts.detail(g, 'ofstedReference'); break;
          case DetailField.Title: title = facts.detail(g, 'title'); break;
          case DetailField.SuccessMeasures: successMeasures = facts.detail(g, 'successMeasures'); break;
          case DetailField.Lead: lead = facts.detail(g, 'lead'); break;
          case DetailField.DueDate: dueDate = facts.detail(g, 'dueDate'); break;
          default: (otherDetails ??= []).push(g);
        }
        break;
      case FactKind.Evidence: (evidence ??= []).push(g); break;
      case FactKind.Milestone: (milestones ??= []).push(g); break;
      case FactKind.Shape: (links ??= []).push(g); break;
    }
  }
  if (added < 0) return undefined;
  const action: ActionSnapshot = {
    streamId: facts.timeline.subjects[subject],
    // ActionAdded carries the reference, priority and title, recorded and effective with the
    // fact that it was added: once that is in force, so are they (the fallbacks never apply).
    reference: reference ?? '',
    priorityNumber: priorityNumber ?? 0,
    ofstedReference,
    title: title ?? '',
    successMeasures,
    lead,
    dueDate,
    recommendations: links ? actionLinksOf(facts, links) : undefined,
    addedAt: facts.effectiveFrom(added),
    status: lifecycle.status,
    rating,
    displayCode: displayCode(lifecycle.status, rating),
    evidence: evidence ? evidenceOf(facts, evidence) : NO_EVIDENCE,
    milestones: milestones ? milestonesOf(facts, milestones) : NO_MILESTONES,
    completion: lifecycle.completion,
    withdrawal: lifecycle.withdrawal,
  };
  if (otherDetails) Object.assign(action, Object.fromEntries(otherDetails.map((g) => [facts.keyOf(g), facts.otherDetail(g)])));
  return action;
}

/**
 * Each item is built as one literal with every field named (absent ones undefined, which JSON
 * leaves out), not spread together: with the date moving back and forth, an item is rebuilt
 * whenever its review comes in or out of force, and spreads took V8's slow path.
 */
function evidenceOf(facts: FactsInForce, groups: number[]): EvidenceSnapshot[] {
  return facts.inEffectiveOrder(groups).map((g) =>
    facts.mergedEvidence(g, (): EvidenceSnapshot => {
      const item = facts.evidence(g);
      const review = facts.reviewOf(g);
      return {
        evidenceId: facts.keyOf(g),
        title: item.title,
        description: item.description,
        fileHash: item.fileHash,
        fileName: item.fileName,
        fileSize: item.fileSize,
        mediaType: item.mediaType,
        submittedAt: item.submittedAt,
        submittedBy: item.submittedBy,
        status: review ? review.status : 'submitted',
        reviewedAt: review?.reviewedAt,
        reviewedBy: review?.reviewedBy,
        reviewReason: review?.reviewReason,
        redaction: facts.redactionOf(g),
      };
    }),
  );
}

function milestonesOf(facts: FactsInForce, groups: number[]): MilestoneSnapshot[] {
  return facts.inEffectiveOrder(groups).map((g) =>
    facts.mergedMilestone(g, (): MilestoneSnapshot => {
      const milestone = facts.milestone(g);
      return { milestoneId: facts.keyOf(g), title: milestone.title, dueDate: milestone.dueDate, ...(milestone.dueAsWritten ? { dueAsWritten: milestone.dueAsWritten } : {}), lead: milestone.lead, status: facts.statusOf(g) ?? '' };
    }),
  );
}
