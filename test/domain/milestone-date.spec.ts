import { InvalidInput } from '../../src/domain/errors';
import { compareMilestoneDates, readMilestoneDue } from '../../src/domain/milestone-date';
import { isMilestoneDone, isMilestoneOverdue } from '../../src/domain/milestone-status';

const refusal = (text: string): InvalidInput => {
  try {
    readMilestoneDue(text);
  } catch (error) {
    return error as InvalidInput;
  }
  throw new Error(`"${text}" was accepted`);
};

describe('milestone due dates as plans write them', () => {
  it.each([
    ['2018-04-01', '2018-04-01'],
    ['Apr 2017', '2017-04-30'],
    ['April 2017', '2017-04-30'],
    ['Sept 17', '2017-09-30'],
    ['sep 17', '2017-09-30'],
    ['Feb 16', '2016-02-29'],
    ['June 17', '2017-06-30'],
    ['Nov 2017', '2017-11-30'],
    ['1 st April 18', '2018-04-01'],
    ['23rd March 2018', '2018-03-23'],
    // Several months: one milestone, due at the end of the earliest; a year applies to the months before it.
    ['Sept, Nov 17', '2017-09-30'],
    ['Sept, Nov 17, Jan, March 18', '2017-09-30'],
    ['Dec 17 , April 18', '2017-12-31'],
    ['April 18, Dec 17', '2017-12-31'],
    ['From August 18', '2018-08-31'],
    ['Jan 18 (Eclipse go live)', '2018-01-31'],
  ])('reads "%s" as due by %s, kept as written', (text, date) => {
    expect(readMilestoneDue(text)).toEqual({ asWritten: text, date });
  });

  it.each(['TBC', 'tbc', 'To be confirmed', 'As required'])('reads "%s" as no date yet', (text) => {
    expect(readMilestoneDue(text)).toEqual({ asWritten: text });
  });

  it('reads a day written the UK way, day first, through the same reader as every other door, and refuses one that does not exist', () => {
    expect(readMilestoneDue('31/03/2018')).toEqual({ asWritten: '31/03/2018', date: '2018-03-31' });
    expect(readMilestoneDue('1/4/18')).toEqual({ asWritten: '1/4/18', date: '2018-04-01' });
    expect(() => readMilestoneDue('31/02/2019')).toThrow(/February 2019 has 28 days/);
  });

  it('collapses the spaces of what is written, nothing else', () => {
    expect(readMilestoneDue('  Sept,   Nov 17 ')).toEqual({ asWritten: 'Sept, Nov 17', date: '2017-09-30' });
  });

  it.each([
    ['July/Oct/Jan/May', /without its year/],
    ['Dec/March / June', /without its year/],
    ['Sept', /without its year/],
    ['Sometime soon', /"sometime" is not a month/],
    ['31 Feb 18', /not a real calendar date/],
    ['2017-02-30', /not a real calendar date/],
    ['17', /not a date a plan writes/],
    ['', /is empty/],
  ])('refuses "%s", naming the field', (text, message) => {
    const error = refusal(text);
    expect(error).toBeInstanceOf(InvalidInput);
    expect(error.field).toBe('dueDate');
    expect(error.message).toMatch(message);
  });

  it('sorts by the date each counts as due, with no date (TBC) last', () => {
    const dates = ['2018-01-31', undefined, '2017-09-30', undefined, '2017-12-31'];
    expect([...dates].sort(compareMilestoneDates)).toEqual(['2017-09-30', '2017-12-31', '2018-01-31', undefined, undefined]);
  });
});

describe('milestone status: done and overdue', () => {
  it.each(['Completed', 'completed', 'Complete', 'Achieved', 'Done.', ' Achieved ', 'Achieved Caseloads were holding in Exeter', 'Completed: report to SMT'])('"%s" is done', (status) => expect(isMilestoneDone(status)).toBe(true));
  it.each(['On Track', 'July completed', 'Not started', 'Audit rescheduled to September due to staff availability', 'Incomplete', 'Achievable by March', 'Not yet completed'])('"%s" is not done', (status) =>
    expect(isMilestoneDone(status)).toBe(false),
  );

  it('is overdue from the day after the date it counts as due, unless done; TBC never', () => {
    const sept = { dueDate: '2017-09-30', status: 'On Track' };
    expect(isMilestoneOverdue(sept, '2017-09-30')).toBe(false);
    expect(isMilestoneOverdue(sept, '2017-10-01')).toBe(true);
    expect(isMilestoneOverdue({ ...sept, status: 'Achieved' }, '2017-10-01')).toBe(false);
    expect(isMilestoneOverdue({ status: 'Not started' }, '2099-01-01')).toBe(false);
  });
});
