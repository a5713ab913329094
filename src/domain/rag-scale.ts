import { codeLabelled } from './code-labels';
import { CodeRead, LATIN_ONLY, LookAlikes, nameOf, readCode } from './code-reading';
import { InvalidInput } from './errors';
import { LIMITS } from './limits';

/** A code as written on the plan: letters, digits and a few marks, short enough for a table cell. */
export const CODE = new RegExp(`^[A-Za-z0-9+_-]{1,${LIMITS.ratingCode}}$`);

/**
 * A RAG scale is a property of the plan, not a constant (DESIGN §2): Sunderland
 * rates R/A/LG/DG/C, another council R/A/G/Completed, a third derives R/A/G from
 * criteria. Codes are ordered from worst to best.
 */
export interface RagCode {
  code: string;
  label: string;
  /** CSS colour for screens and documents; never the only cue (labels are always shown). */
  colour: string;
  /** The completed status: reached only through sign-off, never by a rating change. */
  terminal?: boolean;
  /** "TBC": an action added but not yet rated. */
  unrated?: boolean;
  /** Counts towards "on track or completed" in the RAG summary. */
  onTrack?: boolean;
}

export interface RagScale {
  name: string;
  codes: RagCode[];
}

const TBC: RagCode = { code: 'TBC', label: 'To be confirmed', colour: '#b1b4b6', unrated: true };
const RED: RagCode = { code: 'R', label: 'Red', colour: '#d4351c' };
const AMBER: RagCode = { code: 'A', label: 'Amber', colour: '#f47738' };
const GREEN: RagCode = { code: 'G', label: 'Green', colour: '#00703c', onTrack: true };

export const RAG_SCALE_PRESETS: Record<string, RagScale> = {
  /** Sunderland 2017: light green and dark green, DG held before completion. */
  'sunderland-5': {
    name: 'sunderland-5',
    codes: [
      TBC,
      RED,
      AMBER,
      { code: 'LG', label: 'Light Green', colour: '#85994b', onTrack: true },
      { code: 'DG', label: 'Dark Green', colour: '#005a30', onTrack: true },
      { code: 'C', label: 'Completed', colour: '#1d70b8', terminal: true, onTrack: true },
    ],
  },
  /** Red = not started or significant delay; Amber = some delay; Green = on track; Completed (blue) = completed and evidenced. */
  'rag-completed': {
    name: 'rag-completed',
    codes: [TBC, RED, AMBER, GREEN, { code: 'C', label: 'Completed', colour: '#1d70b8', terminal: true, onTrack: true }],
  },
  /** Plain Red/Amber/Green, e.g. for ratings derived from the five project criteria. */
  rag: { name: 'rag', codes: [TBC, RED, AMBER, GREEN] },
};

export function presetScale(name: string): RagScale {
  const preset = RAG_SCALE_PRESETS[name];
  if (!preset) {
    throw new InvalidInput('scale', `unknown preset "${name}"; choose one of ${Object.keys(RAG_SCALE_PRESETS).join(', ')} or define the codes yourself`);
  }
  return structuredClone(preset);
}

/** Check a custom scale is usable: distinct codes, at most one terminal and one unrated code, something to rate with. */
export function validateScale(scale: RagScale): RagScale {
  if (!scale.name?.trim()) throw new InvalidInput('scale.name', 'give the scale a name');
  if (!Array.isArray(scale.codes) || scale.codes.length === 0) throw new InvalidInput('scale.codes', 'list at least one code, worst first');
  const seen = new Set<string>();
  scale.codes.forEach((c, i) => {
    if (!c.code || !CODE.test(c.code)) {
      // A code on a scale is Latin letters and digits, so that a look-alike typed later can be read as it (code-reading.ts).
      const stranger = typeof c.code === 'string' ? [...c.code].find((ch) => !/^[A-Za-z0-9+_-]$/.test(ch)) : undefined;
      const which = stranger ? `; ${nameOf(stranger)} is not one` : '';
      throw new InvalidInput(`scale.codes[${i}].code`, `use 1 to ${LIMITS.ratingCode} Latin letters or digits, e.g. "R" or "DG"${which}`);
    }
    if (seen.has(c.code.toUpperCase())) throw new InvalidInput(`scale.codes[${i}].code`, `"${c.code}" appears twice`);
    seen.add(c.code.toUpperCase());
    if (!c.label?.trim()) throw new InvalidInput(`scale.codes[${i}].label`, `give "${c.code}" a label such as "Red"`);
    if (!c.colour?.trim()) throw new InvalidInput(`scale.codes[${i}].colour`, `give "${c.code}" a colour such as #d4351c`);
    if (c.terminal && c.unrated) throw new InvalidInput(`scale.codes[${i}]`, `"${c.code}" cannot be both completed and unrated`);
  });
  if (scale.codes.filter((c) => c.terminal).length > 1) throw new InvalidInput('scale.codes', 'only one code may mean completed');
  if (scale.codes.filter((c) => c.unrated).length > 1) throw new InvalidInput('scale.codes', 'only one code may mean unrated (TBC)');
  if (ratingCodes(scale).length === 0) throw new InvalidInput('scale.codes', 'at least one code must be neither completed nor unrated');
  return scale;
}

/** Look up a code already on record, or one the rules name (R, A, G); what people type is read by readCode (code-reading.ts). */
export function findCode(scale: RagScale, code: string): RagCode | undefined {
  const wanted = code.trim().toUpperCase();
  return scale.codes.find((c) => c.code.toUpperCase() === wanted);
}

/**
 * Read a code a person may set by a rating change, as typed (code-reading.ts): on the scale, not
 * completed, not TBC. A label ("Red", "dark green") is read as its code where the scale is
 * unambiguous (code-labels.ts); "Completed" is then told how completion is recorded, not that
 * it is off the scale.
 */
export function requireRatingCode(scale: RagScale, typed: string, field = 'code', lookAlikes: LookAlikes = LATIN_ONLY): CodeRead<RagCode> {
  let read: CodeRead<RagCode>;
  try {
    read = readCode(typed, scale.codes, field, lookAlikes, ratingCodes(scale));
  } catch (notACode) {
    const labelled = codeLabelled(typed, scale.codes);
    if (!labelled) throw notACode;
    read = { code: labelled, note: `"${typed}" read as ${labelled.code} (${labelled.label})` };
  }
  const found = read.code;
  const asked = read.note ? `"${typed}" is ${found.code} (${found.label}), which` : `"${found.code}" (${found.label})`;
  const choose = `rate it with one of ${ratingCodes(scale).map((c) => c.code).join(', ')}`;
  if (found.terminal) {
    // Completion is its own command, with its own rules (accepted evidence, the sign-off role, four eyes): say which.
    throw new InvalidInput(
      field,
      `${asked} is reached only when the plan's sign-off role signs the action off on accepted evidence (sign-off in the CLI, POST …/sign-off in the API, "Sign off" on the action's page), not by a rating; ${choose}`,
    );
  }
  if (found.unrated) throw new InvalidInput(field, `${asked} means not yet rated; ${choose}`);
  return read;
}

/** The codes a person can rate with, worst first. */
export function ratingCodes(scale: RagScale): RagCode[] {
  return scale.codes.filter((c) => !c.terminal && !c.unrated);
}

export function terminalCode(scale: RagScale): RagCode | undefined {
  return scale.codes.find((c) => c.terminal);
}

export function unratedCode(scale: RagScale): RagCode | undefined {
  return scale.codes.find((c) => c.unrated);
}
