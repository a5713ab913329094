import { ImportPlanCommand, ImportSummary } from '../../src/commands';
import { InvalidInput } from '../../src/domain/errors';
import { sunderlandExample } from '../../src/import/example-plan';
import { IMPORT_LIMITS } from '../../src/import/import-limits';
import { GetPlanState } from '../../src/projections/plan-state/get-plan-state.query';
import { PlanSnapshot } from '../../src/projections/plan-snapshot/plan-snapshot';
import { commandHarness, CommandHarness } from '../support/command-harness';
import { exampleCsv, exampleWorkbook, lyingAboutSize, windows1252, withSheetXml } from '../support/hostile-files';

const board = { actor: { id: 'board.clerk', role: 'board' }, source: 'import' as const };
/** The example with "Café" in action 1.1's title and a curly apostrophe in its lead: letters Windows-1252 and UTF-8 write differently. */
const accented = exampleCsv()
  .replace('Implement a workforce strategy', 'Implement a Café workforce strategy')
  .replace("Director of Children's Social Care", 'Director of Children’s Social Care');

describe('importing the files people really have, and hostile ones', () => {
  let h: CommandHarness;
  beforeAll(async () => {
    h = await commandHarness('hostile-import');
  });
  afterAll(() => h.close());

  const importFile = (planId: string, fileName: string, content: Buffer): Promise<ImportSummary> =>
    h.bus.execute(new ImportPlanCommand({ ...sunderlandExample(), planId, fileName, content }, board));
  const action = async (planId: string, reference: string) =>
    (await h.query<PlanSnapshot>(new GetPlanState(planId, '2017-02-28'))).actions.find((a) => a.reference === reference)!;

  /** Import a file that must be refused: its problems, after checking nothing was appended; prints how long the refusal took. */
  async function refused(planId: string, fileName: string, content: Buffer): Promise<InvalidInput> {
    const before = await h.eventCount();
    const started = process.hrtime.bigint();
    const error = await importFile(planId, fileName, content).catch((e: unknown) => e);
    console.log(`${fileName} (${content.length} bytes) refused in ${Number(process.hrtime.bigint() - started) / 1e6} ms`);
    expect(error).toBeInstanceOf(InvalidInput);
    expect(await h.eventCount()).toBe(before);
    expect(await h.store.readStream(`plan-${planId}`)).toEqual([]);
    return error as InvalidInput;
  }

  it('converts a Windows-1252 CSV (Excel\'s plain "CSV" on Windows) and says it did', async () => {
    const summary = await importFile('cp1252-plan', 'plan.csv', windows1252(accented));
    expect(summary).toMatchObject({ rows: 67, convertedFrom: 'Windows-1252' });
    const first = await action('cp1252-plan', '1.1');
    expect(first.title).toContain('Implement a Café workforce strategy');
    expect(first.lead).toBe('Principal Social Worker & Director of Children’s Social Care');
    expect((await action('cp1252-plan', '1.6')).successMeasures).toContain('performance information – The average');
  });

  it('reads UTF-8 with the BOM Excel\'s "CSV UTF-8" writes, and without it, unconverted', async () => {
    const withBom = await importFile('bom-plan', 'plan.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(accented)]));
    const withoutBom = await importFile('utf8-plan', 'plan.csv', Buffer.from(accented));
    for (const summary of [withBom, withoutBom]) {
      expect(summary.rows).toBe(67);
      expect(summary.convertedFrom).toBeUndefined();
    }
    for (const plan of ['bom-plan', 'utf8-plan']) expect((await action(plan, '1.1')).title).toContain('Café workforce');
    // The BOM is not part of the first heading: "Priority" was found, or no row would have been read.
    expect((await action('bom-plan', '1.1')).lead).toBe('Principal Social Worker & Director of Children’s Social Care');
  });

  it('refuses UTF-16 and bytes no Windows-1252 text has, saying to save as CSV UTF-8', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(accented, 'utf16le')]);
    expect((await refused('utf16-plan', 'plan.csv', utf16)).message).toMatch(/UTF-16.*"CSV UTF-8 \(Comma delimited\)"/);
    const undefinedByte = Buffer.concat([windows1252(accented), Buffer.from([0x81])]);
    expect((await refused('odd-plan', 'plan.csv', undefinedByte)).message).toMatch(/neither UTF-8 nor Windows-1252 \(byte 0x81 .*"CSV UTF-8/);
  });

  it('refuses a repeated heading, naming both columns, in CSV and in XLSX', async () => {
    const lines = exampleCsv().split('\r\n');
    lines[0] += ',Lead';
    lines[1] += ',Someone Else';
    const csvError = await refused('dup-plan', 'plan.csv', Buffer.from(lines.join('\r\n')));
    expect(csvError.problems).toEqual([{ field: 'column N (14) "Lead"', message: expect.stringMatching(/repeats the heading of column H \(8\)/) }]);
    const xlsx = await exampleWorkbook((sheet) => {
      sheet.getCell('N1').value = 'lead ';
      sheet.getCell('N2').value = 'Someone Else';
    });
    expect((await refused('dup-xlsx', 'plan.xlsx', xlsx)).problems.map((p) => p.field)).toEqual(['column N (14) "lead"']);
  });

  it('refuses a column of data with no heading, naming it and the first row that holds data; an empty unheaded column is ignored', async () => {
    const lines = exampleCsv().split('\r\n');
    lines[0] = lines[0].replace(/,Note$/, ',');
    const error = await refused('blank-plan', 'plan.csv', Buffer.from(lines.join('\r\n')));
    expect(error.problems).toEqual([{ field: 'column M (13)', message: expect.stringMatching(/^has no heading but row 3 holds "Completed action/) }]);
    // A row with more cells than there are headings: its extra cells are a column with no heading.
    const longRow = exampleCsv().split('\r\n');
    longRow[4] += ',stray';
    const past = await refused('long-row-plan', 'plan.csv', Buffer.from(longRow.join('\r\n')));
    expect(past.problems).toEqual([{ field: 'column N (14)', message: expect.stringMatching(/^has no heading but row 5 holds "stray"/) }]);
    const trailing = exampleCsv().split('\r\n').map((line, i) => (line && i === 0 ? `${line},,` : line));
    expect((await importFile('trailing-plan', 'plan.csv', Buffer.from(trailing.join('\r\n')))).rows).toBe(67);
  });

  it('refuses an XLSX with one cell at XFD1048576, before reading it', async () => {
    const xlsx = await exampleWorkbook((sheet) => {
      sheet.getCell('XFD1048576').value = 'x';
    });
    const error = await refused('far-cell', 'far-cell.xlsx', xlsx);
    expect(error.message).toMatch(/cell at XFD1048576, beyond the 5,000 rows and 256 columns .*Ctrl\+End/);
  });

  it('refuses a sheet that declares a huge extent, or a row numbered past the limit', async () => {
    const spans = await withSheetXml((xml) => xml.replace(/<dimension ref="[^"]+"/, '<dimension ref="A1:XFD1048576"'));
    expect((await refused('wide-dimension', 'wide.xlsx', spans)).message).toMatch(/the sheet says it spans A1:XFD1048576/);
    const farRow = await withSheetXml((xml) => xml.replace('</sheetData>', '<row r="900000"></row></sheetData>'));
    expect((await refused('far-row', 'far-row.xlsx', farRow)).message).toMatch(/a row numbered 900,000/);
  });

  it('refuses a zip bomb: a sheet that unzips past the limit, whether the zip declares its size or lies about it', async () => {
    const padding = `<!--${'0'.repeat(IMPORT_LIMITS.bytes + 1024)}-->`;
    const bomb = await withSheetXml((xml) => xml.replace('<sheetData>', `${padding}<sheetData>`));
    expect(bomb.length).toBeLessThan(IMPORT_LIMITS.bytes / 100);
    expect((await refused('bomb', 'bomb.xlsx', bomb)).message).toMatch(/unzips to more than 8 MB \(at part xl\/worksheets\/sheet1.xml\)/);
    const liar = lyingAboutSize(bomb, 'xl/worksheets/sheet1.xml', 4096);
    expect((await refused('liar', 'liar.xlsx', liar)).message).toMatch(/part xl\/worksheets\/sheet1.xml does not hold the 4096 bytes its zip declares\)/);
  });

  it('refuses a sheet with more cells than a plan has, and a file that is not a zip', async () => {
    const cells = Array.from({ length: IMPORT_LIMITS.cells + 1 }, (_, i) => `<c r="A${(i % 4000) + 100}"/>`).join('');
    const crowded = await withSheetXml((xml) => xml.replace('</sheetData>', `<row r="100">${cells}</row></sheetData>`));
    expect((await refused('crowded', 'crowded.xlsx', crowded)).message).toMatch(/more than 50,000 cells/);
    expect((await refused('not-zip', 'plan.xlsx', Buffer.from(exampleCsv()))).message).toMatch(/not a zip file \(a workbook with a password to open is not one: remove the password/);
  });
});
