import JSZip from 'jszip';
import { ImportPlanCommand } from '../../src/commands';
import { sunderlandExample } from '../../src/import/example-plan';
import { renderReport } from '../../src/reports/render/render';
import { REPORTS } from '../../src/reports/report-catalogue';
import { QueryBus } from '@nestjs/cqrs';
import { commandHarness, CommandHarness } from '../support/command-harness';

/** Read a .docx back: every table as rows of cell texts, and the headings in order. */
async function readDocx(bytes: Buffer): Promise<{ headings: string[]; tables: string[][][] }> {
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  const text = (fragment: string) => [...fragment.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1].replace(/&amp;/g, '&').replace(/&apos;/g, "'").replace(/&quot;/g, '"')).join('');
  const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) => [...t[1].matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((r) => [...r[1].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => text(c[1]))));
  const headings = [...xml.matchAll(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<w:pStyle w:val="Heading2"\/>([\s\S]*?)<\/w:p>/g)].map((p) => text(p[1]));
  return { headings, tables };
}

describe('the committee report as a Word document', () => {
  let h: CommandHarness;
  beforeAll(async () => {
    h = await commandHarness('docx');
    await h.bus.execute(new ImportPlanCommand(sunderlandExample(), { actor: { id: 'board.clerk', role: 'board' }, source: 'import' }));
    await h.projector.start();
    await h.projector.caughtUp();
  });
  afterAll(() => h.close());

  it('contains Table 1, the per-priority tables, the new actions and the completion register, with the expected cells', async () => {
    const { data, document } = await REPORTS.committee.run(h.get(QueryBus), { planId: 'sunderland-2017', from: 'Nov 16', to: 'Current' });
    const docx = await renderReport('docx', data, document);
    const { headings, tables } = await readDocx(docx);

    expect(headings[0]).toBe('Table 1: Current RAG rating assigned to actions by priority');
    expect(headings).toContain('Priority 3: changes to the actions');
    expect(headings).toContain('Priority 4: actions rated Red or Amber');
    expect(headings.slice(-3)).toEqual(['Actions to be added to the plan', 'Completion register: signed off', 'Completion register: from imported files']);

    const table1 = tables[0];
    expect(table1[0].slice(0, 3)).toEqual(['Priority', 'Red Nov 16', 'Red Current']);
    expect(table1[3]).toEqual(['3. Improving the quality and timeliness of assessment and care planning', '0', '0', '4', '1', '10', '3', '0', '10', '6', '6']);
    expect(table1[table1.length - 1]).toEqual(['Totals', '0', '0', '13', '8', '29', '8', '6', '26', '11', '17']);

    const priority4RedAmber = tables[headings.indexOf('Priority 4: actions rated Red or Amber')];
    expect(priority4RedAmber.map((row) => row.slice(1))).toEqual([['Nov 16', 'Current'], ['A', 'A'], ['A', 'A'], ['A', 'A']]);
    expect(priority4RedAmber[1][0]).toMatch(/^\(4\.3 - Ofsted 14\) Update the Placement Sufficiency/);

    const added = tables[headings.indexOf('Actions to be added to the plan')];
    expect(added.slice(1).map((row) => row[1].split(':')[0])).toEqual(['NEW 1', 'NEW 2', 'NEW 3', 'NEW 4', 'NEW 5', 'NEW 6', 'NEW 7', 'NEW 8']);

    // Nothing was signed off here (that table is "None.", no rows); the file's 17 completions are listed as imported.
    const register = tables[tables.length - 1];
    expect(register).toHaveLength(1 + 17);
    expect(register[0]).toEqual(['Action', 'Completed', 'As recorded', 'Imported by', 'File SHA-256']);
    expect(register.find((row) => row[0].startsWith('4.12 '))?.slice(1, 4)).toEqual(['2017-02-28', 'completed — from plan.csv, reported 28 Feb 2017', 'board.clerk (board)']);
  });

  it('pictures Table 1 after it: an SVG with a PNG for older readers, its figures those of the table, every figure in its alternative text', async () => {
    const { data, document } = await REPORTS.committee.run(h.get(QueryBus), { planId: 'sunderland-2017', from: 'Nov 16', to: 'Current' });
    const docx = await renderReport('docx', data, document);
    const zip = await JSZip.loadAsync(docx);
    const media = Object.keys(zip.files).filter((name) => name.startsWith('word/media/'));
    const svg = await zip.file(media.find((name) => name.endsWith('.svg'))!)!.async('string');
    const png = await zip.file(media.find((name) => name.endsWith('.png'))!)!.async('nodebuffer');
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    const xml = await zip.file('word/document.xml')!.async('string');
    const description = /<wp:docPr [^>]*descr="([^"]*)"/.exec(xml)?.[1].replace(/&amp;/g, '&').replace(/&apos;/g, "'") ?? '';
    const { tables } = await readDocx(docx);
    const table1 = tables[0];
    // Table 1's columns are "<label> <date>"; its rows "<priority>. <title>". Each non-zero cell is a segment in the picture and a phrase in the alt text.
    const drawn = new Map([...svg.matchAll(/<title>([^<]+): (\d+) ([^<]+)<\/title>/g)].map((m) => [`${m[1]}|${m[3]}`, Number(m[2])]));
    let compared = 0;
    for (const row of table1.slice(1, -1)) {
      const priority = row[0].split('.')[0];
      table1[0].forEach((column, i) => {
        const match = /^(.+) (Nov 16|Current)$/.exec(column);
        if (i === 0 || !match || Number(row[i]) === 0) return;
        const bar = `Priority ${priority}, ${match[2]}`;
        const label = match[1] === 'Unrated' || match[1] === 'Not yet rated' ? 'Not yet rated' : match[1];
        expect([bar, label, drawn.get(`${bar}|${label}`)]).toEqual([bar, label, Number(row[i])]);
        expect(description).toContain(`${row[i]} ${label}`);
        compared += 1;
      });
    }
    expect(compared).toBeGreaterThan(10);
    expect(description).toMatch(/^How each priority's ratings moved between Nov 16 and Current\. Stacked bar chart\. Priority 1, Nov 16: /);
  });
});
