import { FieldProblem, InvalidInput } from '../domain/errors';
import { LIMITS } from '../domain/limits';
import { requireRecommendationNumber } from '../domain/plan/plan-shape';

/*
 * The optional columns of a plan file that give the plan's shape: the section a priority
 * (workstream, outcome) belongs to, the Ofsted recommendations a priority or an action
 * answers, and an action's senior responsible owner. A file without them imports as before.
 */

export const SHAPE_COLUMNS = {
  section: ['Section'],
  groupRecommendations: ['Priority recommendations', 'Group recommendations'],
  recommendations: ['Recommendations', 'Ofsted recommendations'],
  seniorOwner: ['SRO', 'Senior responsible owner'],
};

/** "Section 1: Help and protection", "1: Help and protection", "1". */
const SECTION = /^(?:section\s*)?(\d{1,2})\s*(?:[:.–-]\s*(.*))?$/i;

export interface ImportedSection {
  number: number;
  title: string;
}

/** A Section cell read, or a problem at `where`. */
export function readSection(text: string, where: string, problems: FieldProblem[]): ImportedSection | undefined {
  if (!text) return undefined;
  const match = SECTION.exec(text.trim());
  const number = match ? Number(match[1]) : NaN;
  if (!match || number < 1 || number > LIMITS.priorityNumber) {
    problems.push({ field: where, message: `"${text}" is not a section; write its number and title, e.g. "1: Help and protection"` });
    return undefined;
  }
  const title = (match[2] ?? '').trim() || `Section ${number}`;
  if (title.length > LIMITS.text) problems.push({ field: where, message: `is ${title.length} characters long; keep a section's title to ${LIMITS.text}` });
  return { number, title };
}

/** A cell listing recommendation numbers, "1, 3; 4 (a)": each checked as the API checks one. */
export function readRecommendations(text: string, where: string, problems: FieldProblem[]): string[] | undefined {
  if (!text) return undefined;
  const numbers: string[] = [];
  for (const part of text.split(/[,;]/).map((p) => p.trim()).filter(Boolean)) {
    try {
      const number = requireRecommendationNumber(part, 'recommendation');
      if (!numbers.includes(number)) numbers.push(number);
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      problems.push({ field: where, message: error.problems[0].message });
    }
  }
  return numbers.length ? numbers : undefined;
}

/** The recommendation's text when the file gives only its number: said as such, never made up. */
export const textNotInFile = (file: string, number: string) => `Recommendation ${number} (its text is not in ${file}; the file gives only its number)`;
