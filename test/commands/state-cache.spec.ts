import { randomUUID } from 'node:crypto';
import * as c from '../../src/commands';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { commandHarness, CommandHarness, givenSunderlandPlan } from '../support/command-harness';

/** The command side keeps folded states between commands; it must still see what another process appended. */
describe('folded stream states between commands', () => {
  let h: CommandHarness;
  beforeAll(async () => {
    h = await commandHarness('state-cache');
    await givenSunderlandPlan(h);
  });
  afterAll(() => h.close());

  it('catches up with a rating another process appended before deciding the next command', async () => {
    const ref = { planId: 'sunderland-2017', reference: '3.2' };
    await h.send(c.ChangeRatingCommand, { ...ref, code: 'LG' }, 'lead');
    // Another process (the CLI, a second server) writes to the same file.
    const other = new SqliteEventStore({ filename: h.database.file });
    const [head] = (await other.readStream('action-sunderland-2017/3.2')).slice(-1);
    const external = await other.append('action-sunderland-2017/3.2', head.streamVersion, [
      {
        type: 'RatingChanged',
        schemaVersion: 1,
        data: { ...ref, code: 'DG', commentary: 'entered from the CLI' },
        metadata: { actor: { id: 'lead.cli', role: 'lead' }, effectiveAt: new Date().toISOString(), correlationId: randomUUID(), causationId: randomUUID(), source: 'cli' },
      },
    ]);
    await other.close();
    // Correcting that rating is only possible if the command side folded it in.
    const corrected = await h.send(c.CorrectRatingCommand, { ...ref, correctsEventId: external.events[0].eventId, code: 'A', reason: 'DG was premature' }, 'lead');
    expect(corrected.version).toBe(external.nextExpectedVersion + 1);
  });
});
