import { loadConfig } from '../../src/config';

/** A mistyped setting stops the start with a message naming it, rather than running with a silent default. */
describe('settings from the environment', () => {
  it.each([
    ['TIMELINE_CACHE_FACTS', 'lots', /TIMELINE_CACHE_FACTS must be a whole number of facts/],
    ['TIMELINE_CACHE_FACTS', '-5', /TIMELINE_CACHE_FACTS must be a whole number of facts/],
    ['SQLITE_SYNCHRONOUS', 'OFF', /SQLITE_SYNCHRONOUS must be NORMAL or FULL/],
    ['PORT', '70000', /PORT must be a port number/],
  ])('%s=%s is refused', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('keeps two million facts of plans in memory unless told otherwise', () => {
    expect(loadConfig({}).timelineCacheFacts).toBe(2_000_000);
    expect(loadConfig({ TIMELINE_CACHE_FACTS: '0' }).timelineCacheFacts).toBe(0);
  });
});
