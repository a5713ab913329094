/**
 * The wall clock as the code under test sees it (`new Date()`, `Date.now()`), set by
 * the test: only Date is faked, so timers, I/O and the HTTP stack run as usual.
 * Call `restore()` in afterAll.
 */
export function settableClock(start: string) {
  jest.useFakeTimers({
    now: new Date(start),
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
  return {
    /** Move the clock to `instant` (an ISO date-time). */
    set: (instant: string) => jest.setSystemTime(new Date(instant)),
    restore: () => jest.useRealTimers(),
  };
}
