// Loaded in Stryker's runs only (stryker.config.mjs), beside jest.setup.ts.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

// A property that fails has killed its mutant: shrinking the counterexample would spend minutes on a smaller one.
// A property's thousands of runs are for `npm test`: here each stops, as passed, after 500 ms, or the four route
// properties alone take half of every mutant's time. A mutant that only a rare input reaches may survive for it.
fc.configureGlobal({ endOnFailure: true, interruptAfterTimeLimit: 500 });

// The initial run, with no mutant active, writes down which file each test is in, for sequencer.js.
if (!process.env.__STRYKER_ACTIVE_MUTANT__) {
  afterEach(() => {
    const { currentTestName, testPath } = expect.getState();
    appendFileSync(
      join(__dirname, 'tests-by-file.jsonl'),
      `${JSON.stringify({ name: currentTestName, path: testPath })}\n`,
    );
  });
}
