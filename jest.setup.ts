import '@testing-library/jest-dom';
import './__tests__/support/matchers';

// Every test starts as a fresh server process: the in-process store, which every bundle of a process shares
// (lib/store), starts empty. Two instances loaded within one test share it, as two bundles of one process do.
beforeEach(() => {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('wechat-oauth-next.memory-store')];
});
