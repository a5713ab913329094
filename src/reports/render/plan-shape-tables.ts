import { heading, wordsOf } from '../../domain/plan/plan-words';
import { ActionSnapshot, PlanSnapshot, PrioritySnapshot } from '../../projections/plan-snapshot/plan-snapshot';

/*
 * What a plan's shape adds to its tables, in its own words: the section a group is in,
 * the recommendations a group or an item answers, and the SRO. Each appears only when the
 * plan has it, so a plan without sections, recommendations or SROs (Sunderland) prints
 * exactly as before.
 */

const linksText = (recommendations: string[] | undefined): string => (recommendations?.length ? recommendations.join(', ') : '');

export const shapeCaption = {
  /** After a group's title in Table 1: " (recommendations 1, 2)". */
  links: (recommendations: string[] | undefined): string => (recommendations?.length ? ` (recommendations ${linksText(recommendations)})` : ''),

  /** A group's caption: its section, its outcome, the recommendations it answers. */
  ofGroup(plan: PlanSnapshot, group: PrioritySnapshot, outcome: string | undefined): string | undefined {
    const w = wordsOf(plan);
    const section = group.section !== undefined ? plan.sections?.find((s) => s.number === group.section) : undefined;
    const parts = [
      section ? `${heading(w.section.singular)} ${section.number}: ${section.title}` : undefined,
      outcome,
      group.recommendations?.length ? `Answers Ofsted recommendations ${linksText(group.recommendations)}` : undefined,
    ].filter((part): part is string => part !== undefined);
    return parts.length ? parts.join(' — ') : undefined;
  },
};

/** The item tables' columns and rows, with an SRO column after Lead and a Recommendations column when any item has one. */
export function withShapeColumns(plan: PlanSnapshot, columns: string[], rows: string[][], actions: ActionSnapshot[]): { columns: string[]; rows: string[][] } {
  const owners = plan.actions.some((a) => a.seniorOwner);
  const links = plan.actions.some((a) => a.recommendations?.length);
  if (!owners && !links) return { columns, rows };
  const lead = columns.indexOf('Lead') + 1;
  const shaped = (cells: string[], owner: string, recommendations: string) => [
    ...cells.slice(0, lead),
    ...(owners ? [owner] : []),
    ...cells.slice(lead),
    ...(links ? [recommendations] : []),
  ];
  return {
    columns: shaped(columns, 'SRO', 'Recommendations'),
    rows: rows.map((cells, i) => shaped(cells, actions[i].seniorOwner ?? '', linksText(actions[i].recommendations))),
  };
}

/** The recommendations the plan records, each with the groups and items that answer it. */
export function planShapeTables(plan: PlanSnapshot): { title: string; caption: string; columns: string[]; rows: string[][] }[] {
  if (!plan.recommendations?.length) return [];
  const w = wordsOf(plan);
  return [
    {
      title: 'Ofsted recommendations',
      caption: `The inspection's recommendations this plan answers, with the ${w.group.plural} and ${w.item.plural} linked to each.`,
      columns: ['Recommendation', 'Text', 'Answered by'],
      rows: plan.recommendations.map((r) => [
        r.number,
        r.text,
        [
          ...plan.priorities.filter((p) => p.recommendations?.includes(r.number)).map((p) => `${heading(w.group.singular)} ${p.number}`),
          ...plan.actions.filter((a) => a.status !== 'withdrawn' && a.recommendations?.includes(r.number)).map((a) => `${heading(w.item.singular)} ${a.reference}`),
        ].join('; '),
      ]),
    },
  ];
}
