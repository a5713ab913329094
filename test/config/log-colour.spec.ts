import { colourWanted } from '../../src/observability/app-logger';

/** Colour codes only for a person at a terminal; NO_COLOR and FORCE_COLOR as no-color.org and most tools read them. */
describe('colour in the log', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '0' }, true, true],
    [{ FORCE_COLOR: 'false' }, false, false],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
  ])('%j with stdout a terminal: %s → colour %s', (env, terminal, expected) => {
    expect(colourWanted(env, terminal)).toBe(expected);
  });
});
