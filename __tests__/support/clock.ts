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

/**
 * What `probe` answers once it answers `expected`, or its last answer when that has not happened within `withinMs`:
 * for what takes real time (a Redis TTL, a restarted server), instead of a sleep with a margin.
 */
export async function eventually<T>(probe: () => Promise<T>, expected: T, withinMs = 10_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const answer = await probe().catch((error: unknown) => error as T);
    if (answer === expected || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
