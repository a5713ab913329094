import fc from 'fast-check';
import { InvalidInput } from '../../src/domain/errors';
import { humanDate, humanDateOrInstant, readUkDate } from '../../src/domain/uk-date';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function refusal(run: () => unknown): InvalidInput {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInput) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('dates as people in the UK write them (src/domain/uk-date.ts)', () => {
  it.each([
    ['31/01/19', '2019-01-31'],
    ['31/01/2019', '2019-01-31'],
    ['1/2/2019', '2019-02-01'],
    ['01/02/2019', '2019-02-01'],
    ['31.01.2019', '2019-01-31'],
    ['31-01-2019', '2019-01-31'],
    ['31 January 2019', '2019-01-31'],
    ['31 Jan 2019', '2019-01-31'],
    ['31 jan 19', '2019-01-31'],
    ['31st January 2019', '2019-01-31'],
    ['2 Sept 2019', '2019-09-02'],
    ['2 Sep. 2019', '2019-09-02'],
    ['31-Jan-2019', '2019-01-31'],
    ['  25 July 2018 ', '2018-07-25'],
    ['2019-01-31', '2019-01-31'],
    ['29/02/2020', '2020-02-29'],
    ['01/01/69', '2069-01-01'],
    ['01/01/70', '1970-01-01'],
    ['31/12/99', '1999-12-31'],
    ['01/01/00', '2000-01-01'],
  ])('reads %p as %p', (written, iso) => {
    expect(humanDate(written, 'asOf')).toBe(iso);
  });

  it('reads every day of 1970–2069 back from each UK form it can be written in, day first', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2069-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
        const iso = date.toISOString().slice(0, 10);
        const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
        const pad = (n: number) => String(n).padStart(2, '0');
        const month = MONTHS[m - 1];
        for (const written of [`${pad(d)}/${pad(m)}/${y}`, `${d}/${m}/${String(y).slice(2)}`, `${d} ${month} ${y}`, `${d} ${month.slice(0, 3)} ${y}`, iso]) {
          expect(humanDate(written, 'due')).toBe(iso);
        }
      }),
    );
  });

  it.each([
    ['31/02/2019', 'February 2019 has 28 days'],
    ['29/02/2019', 'February 2019 has 28 days'],
    ['31 April 2019', 'April 2019 has 30 days'],
    ['13/13/2019', 'there is no month 13'],
    ['00/01/2019', 'there is no day 0'],
    ['2019-02-30', 'February 2019 has 28 days'],
  ])('refuses %p, a day that does not exist, naming the field and saying why and what is accepted', (written, why) => {
    const error = refusal(() => humanDate(written, '--due'));
    expect(error.field).toBe('--due');
    expect(error.problems[0].message).toContain(`"${written}" is not a real date: ${why}`);
    expect(error.problems[0].message).toContain('31/01/2019');
    expect(error.problems[0].message).toContain('00–69 is 2000–2069');
  });

  it.each(['garbage', '', '31/01', 'Jan 31 2019', '31 Foo 2019', '2019/01/31', '31/01/019', '1 Ja 2019'])('refuses %p as not a date, with examples of what is', (written) => {
    const error = refusal(() => humanDate(written, 'from'));
    expect(error.field).toBe('from');
    expect(error.problems[0].message).toMatch(/is not a date; write it day first, for example 31\/01\/2019, .*31 January 2019/);
    // Not "use ISO 8601" alone: a person reads this.
    expect(error.problems[0].message).not.toMatch(/^[^,]*ISO 8601[^,]*$/);
  });

  it('leaves what is not written as a date at all to the caller (a board date label such as "Nov 16")', () => {
    expect(readUkDate('Nov 16', 'from')).toBeUndefined();
    expect(readUkDate('Current', 'from')).toBeUndefined();
  });

  it('takes an ISO date-time as it is where an instant may be given, and refuses a UK date-time it does not read', () => {
    expect(humanDateOrInstant('2019-01-31T14:30:00Z', 'knownAt')).toBe('2019-01-31T14:30:00Z');
    expect(humanDateOrInstant('31/01/2019', 'knownAt')).toBe('2019-01-31');
    expect(refusal(() => humanDateOrInstant('31/01/2019 14:30', 'knownAt')).problems[0].message).toMatch(/or a date and time such as 2019-01-31T14:30:00Z/);
  });
});
