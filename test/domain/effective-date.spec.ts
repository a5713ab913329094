import { addMonths, parseEffectiveDate, resolveEffectiveTime } from '../../src/domain/effective-date';
import { InvalidInput } from '../../src/domain/errors';

const now = new Date('2017-06-30T12:00:00Z');

describe('effective dates', () => {
  it('defaults to the moment of recording', () => {
    expect(resolveEffectiveTime(undefined, undefined, now)).toEqual({ effectiveAt: now.toISOString(), reason: undefined });
  });

  it('accepts today without a reason, and an earlier day only with one', () => {
    expect(resolveEffectiveTime('2017-06-30', undefined, now).effectiveAt).toBe('2017-06-30T00:00:00.000Z');
    expect(() => resolveEffectiveTime('2017-06-29', undefined, now)).toThrow(/backdated/);
    expect(resolveEffectiveTime('2017-06-29', ' late entry ', now).reason).toBe('late entry');
  });

  it('refuses the future, naming the field', () => {
    let error: unknown;
    try {
      resolveEffectiveTime('2017-06-30T12:00:01Z', 'x', now);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).field).toBe('effectiveAt');
  });

  it('refuses things that are not dates, and dates that do not exist', () => {
    expect(() => parseEffectiveDate('31/01/2017')).toThrow(/YYYY-MM-DD/);
    expect(() => parseEffectiveDate('2017-02-30')).toThrow(/not a real calendar date/);
  });

  it('adds calendar months, clamping to the end of shorter months', () => {
    expect(addMonths(new Date('2017-01-31T00:00:00Z'), 1).toISOString()).toBe('2017-02-28T00:00:00.000Z');
    expect(addMonths(new Date('2016-11-15T00:00:00Z'), 3).toISOString()).toBe('2017-02-15T00:00:00.000Z');
  });
});
