/**
 * A wall clock the test moves by hand, from now on; timers stay real, so msw and fetch keep working. Installed for
 * every test of the file that calls it.
 */
export function fakeClock() {
  beforeEach(() => {
    jest.useFakeTimers({
      now: Date.now(),
      doNotFake: [
        'nextTick',
        'setImmediate',
        'clearImmediate',
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    });
  });
  afterEach(() => jest.useRealTimers());
  return {
    advance(ms: number): void {
      jest.setSystemTime(Date.now() + ms);
    },
  };
}
