import { ActionEvent } from '../../domain/action/action.events';
import { describeImport, ImportedFrom } from '../../domain/imported-from';
import { Actor, RecordedEvent } from '../../event-store/envelope';
import { codePoint } from '../../domain/code-reading';
import { DEFAULT_PLAN_WORDS, heading, PlanWords } from '../../domain/plan/plan-words';

export interface HistoryEntry {
  position: number;
  eventId: string;
  type: string;
  effectiveAt: string;
  recordedAt: string;
  actor: Actor;
  source: string;
  reason?: string;
  /** One line a person can read: "Rated DG (was A)", "Evidence accepted: MASH audit". */
  summary: string;
  code?: string;
  /** The code exactly as typed, when a letter from another script was taken for it (Cyrillic "С" as C). */
  codeAsTyped?: string;
  previousCode?: string;
  commentary?: string;
  correctsEventId?: string;
  evidenceId?: string;
  fileHash?: string;
  /** Imported history: what a plan file reported, and which file (the actor is who imported it). */
  imported?: ImportedFrom;
}

export interface RatingHistory {
  planId: string;
  reference: string;
  asOf: string;
  knownAt: string;
  entries: HistoryEntry[];
  /** What the plan called its levels at asOf, for the report's title. */
  words?: PlanWords;
}

/** What an entry may add to its summary; empty texts are left out, as JSON leaves out undefined. */
type Details = Pick<HistoryEntry, 'code' | 'codeAsTyped' | 'previousCode' | 'commentary' | 'correctsEventId' | 'evidenceId' | 'fileHash' | 'imported'>;
const NO_DETAILS: Details = Object.freeze({});

/**
 * One entry, with every field named (those that do not apply undefined): one object shape for
 * every entry rather than one per spread, which took V8's slow path for each of a history's events.
 */
function entryOf(event: RecordedEvent, summary: string, more: Details): HistoryEntry {
  const m = event.metadata;
  return {
    position: event.globalPosition,
    eventId: event.eventId,
    type: event.type,
    effectiveAt: m.effectiveAt,
    recordedAt: m.recordedAt,
    actor: m.actor,
    source: m.source,
    reason: m.reason || undefined,
    summary,
    code: more.code,
    codeAsTyped: more.codeAsTyped,
    previousCode: more.previousCode || undefined,
    commentary: more.commentary || undefined,
    correctsEventId: more.correctsEventId,
    evidenceId: more.evidenceId,
    fileHash: more.fileHash || undefined,
    imported: more.imported,
  };
}

/**
 * Everything that happened to one action, in effective order, as known at
 * `knownAt`: each rating with what it was before, corrections, commentary,
 * evidence and its review, sign-off. Built from the action's own stream, handed
 * over in effective order (effectiveAt, then global position: ActionHistories
 * keeps it so), so the events effective by asOf are found by a binary search and
 * nothing is sorted: what a history costs is the events it shows, not those
 * written after its date.
 */
export function ratingHistory(planId: string, reference: string, inEffectiveOrder: readonly RecordedEvent[], asOf: string, knownAt: string, words: PlanWords = DEFAULT_PLAN_WORDS): RatingHistory {
  const Item = heading(words.item.singular);
  const visible: RecordedEvent[] = [];
  const effectiveBy = effectiveByCount(inEffectiveOrder, asOf);
  for (let i = 0; i < effectiveBy; i++) {
    const event = inEffectiveOrder[i];
    if (event.metadata.recordedAt <= knownAt) visible.push(event);
  }
  const ratings: { eventId: string; code: string }[] = [];
  const evidenceTitles = new Map<string, string>();
  const current = () => ratings[ratings.length - 1]?.code;
  const entries = visible.map((event): HistoryEntry => {
    const e = event as unknown as ActionEvent;
    const entry = (summary: string, more: Details = NO_DETAILS) => entryOf(event, summary, more);
    switch (e.type) {
      case 'ActionAdded':
        return entry(`${Item} added to ${words.group.singular} ${e.data.priorityNumber}: ${e.data.title}`);
      case 'ActionAmended':
        return entry(`${Item} amended: ${Object.keys(e.data.changes).join(', ')}`);
      case 'ActionWithdrawn':
        return entry(`${Item} withdrawn from the plan`);
      case 'RatingChanged': {
        const previousCode = current();
        ratings.push({ eventId: event.eventId, code: e.data.code });
        const how = e.data.derivedFrom === 'criteria' ? ' (derived from the criteria)' : e.data.derivedFrom === 'initial' ? ' (initial rating)' : '';
        const from = e.data.imported ? ` — imported ${describeImport(e.data.imported)}` : '';
        return entry(previousCode ? `Rated ${e.data.code} (was ${previousCode})${how}${typedAs(e.data.codeAsTyped)}${from}` : `Rated ${e.data.code}${how}${typedAs(e.data.codeAsTyped)}${from}`, {
          code: e.data.code,
          codeAsTyped: e.data.codeAsTyped,
          previousCode,
          commentary: e.data.commentary,
          imported: e.data.imported,
        });
      }
      case 'RatingCorrected': {
        const corrected = ratings.find((r) => r.eventId === e.data.correctsEventId);
        const previousCode = corrected?.code;
        if (corrected) corrected.code = e.data.code;
        return entry(`Rating corrected to ${e.data.code}${previousCode ? ` (recorded as ${previousCode})` : ''}${typedAs(e.data.codeAsTyped)}`, {
          code: e.data.code,
          codeAsTyped: e.data.codeAsTyped,
          previousCode,
          correctsEventId: e.data.correctsEventId,
          commentary: e.data.commentary,
        });
      }
      case 'CriteriaAssessed':
        return entry(`Criteria assessed: ${e.data.unmet.length === 0 ? 'all met' : `unmet ${e.data.unmet.join(', ')}`}`);
      case 'MilestoneAdded':
        // The due date as the plan wrote it ("Sept 17", "TBC"), and who leads it: what an inspector compares with the plan.
        return entry(`Milestone added: ${e.data.title}${milestoneDetails(e.data)}`);
      case 'MilestoneStatusChanged':
        return entry(`Milestone ${e.data.milestoneId} now ${e.data.status}`, { commentary: e.data.commentary });
      case 'EvidenceSubmitted':
        evidenceTitles.set(e.data.evidenceId, e.data.title);
        return entry(`Evidence submitted: ${e.data.title}`, { evidenceId: e.data.evidenceId, fileHash: e.data.fileHash });
      case 'EvidenceAccepted':
        return entry(`Evidence accepted: ${evidenceTitles.get(e.data.evidenceId) ?? e.data.evidenceId}`, { evidenceId: e.data.evidenceId, commentary: e.data.commentary });
      case 'EvidenceRejected':
        return entry(`Evidence rejected: ${evidenceTitles.get(e.data.evidenceId) ?? e.data.evidenceId}`, { evidenceId: e.data.evidenceId });
      case 'EvidenceRedacted':
        return entry(`Evidence file erased: ${evidenceTitles.get(e.data.evidenceId) ?? e.data.evidenceId} (its SHA-256 stays on record)`, { evidenceId: e.data.evidenceId, fileHash: e.data.fileHash });
      case 'ActionCompleted':
        return entry(`Signed off as completed${e.data.code ? ` (${e.data.code})` : ''} on evidence ${e.data.evidenceIds.join(', ')}`, { commentary: e.data.commentary });
      case 'CompletionImported':
        return entry(`Completed${e.data.code ? ` (${e.data.code})` : ''}${typedAs(e.data.codeAsTyped)} — imported ${describeImport(e.data.imported)}; not signed off here, no evidence accepted here`, {
          codeAsTyped: e.data.codeAsTyped,
          imported: e.data.imported,
        });
      case 'ActionReopened':
        return e.data.imported ? entry(`Reopened — imported ${describeImport(e.data.imported)}`, { imported: e.data.imported }) : entry('Reopened');
      case 'ActionRecommendationLinked':
        return entry(`Linked to Ofsted recommendation ${e.data.recommendation}`);
      case 'ActionRecommendationUnlinked':
        return entry(`No longer linked to Ofsted recommendation ${e.data.recommendation}`);
      default:
        return entry(event.type);
    }
  });
  return { planId, reference, asOf, knownAt, entries, words };
}

/** How many of the events, in effective order, took effect by asOf (code unit order, as the events' instants compare). */
function effectiveByCount(inEffectiveOrder: readonly RecordedEvent[], asOf: string): number {
  let low = 0;
  let high = inEffectiveOrder.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (inEffectiveOrder[middle].metadata.effectiveAt <= asOf) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** `, typed as "С" (U+0421)`: the input as typed, with the code points of what was not a Latin letter, so a reader can tell. */
function typedAs(codeAsTyped: string | undefined): string {
  if (codeAsTyped === undefined) return '';
  const points = [...codeAsTyped].filter((ch) => !/^[\x21-\x7e]$/.test(ch)).map(codePoint);
  return `, typed as "${codeAsTyped}"${points.length > 0 ? ` (${points.join(' ')})` : ''}`;
}

/** " (due Sept 17; lead VC)", or less, or nothing: a milestone's date as written and its lead. */
function milestoneDetails(m: { dueDate?: string; dueAsWritten?: string; lead?: string }): string {
  const parts = [m.dueAsWritten ?? m.dueDate ? `due ${m.dueAsWritten ?? m.dueDate}` : '', m.lead ? `lead ${m.lead}` : ''].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}
