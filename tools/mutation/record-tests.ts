// Loaded in Stryker's runs only (stryker.config.mjs), beside jest.setup.ts.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

// A property that fails has killed its mutant: shrinking the counterexample would spend minutes on a smaller one.
fc.configureGlobal({ endOnFailure: true });

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
