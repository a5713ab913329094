import { httpHarness, HttpHarness } from '../support/http-harness';

const A = '/api/plans/text-plan/actions/1.1';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const NOTES = 'Caseload audit – March\r\nCafé meeting notes: 18 cases per worker\r\n';

describe('text evidence as Notepad and Excel save it', () => {
  let h: HttpHarness;
  const submitted = async () => (await h.store.readStream('action-text-plan/1.1')).filter((e) => e.type === 'EvidenceSubmitted').map((e) => e.data as { fileName: string; mediaType: string; fileSize: number });
  const upload = (title: string, bytes: Buffer, name: string) => h.http().post(`${A}/evidence/upload`).set(h.as('lead')).field('title', title).attach('file', bytes, name);

  beforeAll(async () => {
    h = await httpHarness('text-evidence');
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'text-plan', title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/text-plan/priorities').set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/text-plan/actions').set(board).send({ reference: '1.1', priorityNumber: 1, title: 'Caseloads', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
  });
  afterAll(() => h.close());

  it('accepts UTF-8 text and CSV with a byte-order mark, as text, keeping the bytes as uploaded', async () => {
    expect((await upload('Notes', Buffer.concat([BOM, Buffer.from(NOTES)]), 'notes.txt')).status).toBe(201);
    expect((await upload('Caseloads', Buffer.concat([BOM, Buffer.from('Team,Cases\r\nNorth,18\r\n')]), 'caseloads.csv')).status).toBe(201);
    expect((await upload('Plain notes', Buffer.from(NOTES), 'plain.txt')).status).toBe(201);
    expect(await submitted()).toEqual([
      expect.objectContaining({ fileName: 'notes.txt', mediaType: 'text/plain', fileSize: BOM.length + Buffer.byteLength(NOTES) }),
      expect.objectContaining({ fileName: 'caseloads.csv', mediaType: 'text/csv' }),
      expect.objectContaining({ fileName: 'plain.txt', mediaType: 'text/plain' }),
    ]);
  });

  it('refuses UTF-16 and Windows-1252 text with 400, saying to save as UTF-8, and appends nothing', async () => {
    const before = await h.eventCount();
    const utf16 = await upload('Wide notes', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NOTES, 'utf16le')]), 'wide.txt');
    expect(utf16.status).toBe(400);
    expect(JSON.stringify(utf16.body)).toMatch(/UTF-16 text; save it as UTF-8/);
    const latin = await upload('Latin notes', Buffer.from(NOTES.replace('–', '-'), 'latin1'), 'latin.txt');
    expect(latin.status).toBe(400);
    expect(JSON.stringify(latin.body)).toMatch(/is text, but not UTF-8 .*save it as UTF-8/);
    // A BOM in front of something that is not text is still judged by what follows.
    const bomBinary = await upload('Not text', Buffer.concat([BOM, Buffer.from([0, 1, 2, 3, 0xff, 0xd8])]), 'sneaky.txt');
    expect(bomBinary.status).toBe(400);
    expect(await h.eventCount()).toBe(before);
  });
});
