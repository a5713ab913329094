import { loadConfig } from '../../src/config';

/** A mistyped setting stops the start with a message naming it, rather than running with a silent default. */
describe('settings from the environment', () => {
  it.each([
    ['TIMELINE_CACHE_FACTS', 'lots', /TIMELINE_CACHE_FACTS must be a whole number of facts/],
    ['TIMELINE_CACHE_FACTS', '-5', /TIMELINE_CACHE_FACTS must be a whole number of facts/],
    ['SQLITE_SYNCHRONOUS', 'OFF', /SQLITE_SYNCHRONOUS must be NORMAL or FULL/],
    ['PORT', '70000', /PORT must be a port number/],
    ['SESSION_IDLE_MINUTES', '0', /SESSION_IDLE_MINUTES must be a number of minutes above 0/],
    ['SESSION_MAX_HOURS', 'eight', /SESSION_MAX_HOURS must be a number of hours above 0/],
    ['SIGN_IN_ACCOUNT_FAILURES', '2.5', /SIGN_IN_ACCOUNT_FAILURES must be a whole number of failed sign-ins above 0/],
    ['SIGN_IN_ADDRESS_FAILURES', '-1', /SIGN_IN_ADDRESS_FAILURES must be a whole number/],
    ['SIGN_IN_WINDOW_MINUTES', 'Infinity', /SIGN_IN_WINDOW_MINUTES must be a number of minutes/],
    ['TRUST_PROXY', 'yes', /TRUST_PROXY must be a number of proxies in front .* not "yes"/],
    ['TRUST_PROXY', '10.0.0.1,10.0.0.300', /not "10.0.0.300"/],
    ['TRUST_PROXY', '10.0.0.0/33', /not "10.0.0.0\/33"/],
    ['LOG_FORMAT', 'pretty', /LOG_FORMAT must be text or json, not "pretty"/],
    ['METRICS_PUBLIC', 'yes', /METRICS_PUBLIC must be true or false, not "yes"/],
  ])('%s=%s is refused', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('keeps two million facts of plans in memory unless told otherwise', () => {
    expect(loadConfig({}).timelineCacheFacts).toBe(2_000_000);
    expect(loadConfig({ TIMELINE_CACHE_FACTS: '0' }).timelineCacheFacts).toBe(0);
  });

  it('ends sessions after 30 minutes idle or 8 hours, and limits sign-in to 5 failures an account and 20 an address in 15 minutes, unless told otherwise', () => {
    const config = loadConfig({});
    expect([config.sessionIdleMinutes, config.sessionMaxHours, config.signInLimits]).toEqual([30, 8, { accountFailures: 5, addressFailures: 20, windowMinutes: 15 }]);
    expect(loadConfig({ SESSION_IDLE_MINUTES: '0.5' }).sessionIdleMinutes).toBe(0.5);
  });

  it('trusts no proxy unless TRUST_PROXY names one, by hops or by address', () => {
    expect(loadConfig({}).trustProxy).toBeUndefined();
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: ' loopback, 10.0.0.0/8 ,::1' }).trustProxy).toBe('loopback,10.0.0.0/8,::1');
  });

  it('logs readable text and keeps metrics for administrators and auditors unless told otherwise', () => {
    expect([loadConfig({}).logFormat, loadConfig({}).metricsPublic]).toEqual(['text', false]);
    expect([loadConfig({ LOG_FORMAT: 'JSON' }).logFormat, loadConfig({ METRICS_PUBLIC: 'true' }).metricsPublic]).toEqual(['json', true]);
  });
});
