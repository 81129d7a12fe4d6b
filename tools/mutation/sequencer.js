// Loaded in Stryker's runs only (stryker.config.mjs).
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/** Written by record-tests.ts during Stryker's initial run, in the sandbox: one line a test, `{ name, path }`. */
const RECORD = join(__dirname, 'tests-by-file.jsonl');

/**
 * For each mutant, Stryker's jest runner runs every test file that imports the mutated module and picks the tests
 * that reach the mutant by name; loading the other files cost more than the tests themselves, with a timeout at the
 * end on a busy machine. This keeps only the files that hold a test of that name. With no name (a static mutant) or
 * no name that was written down, every file runs, as without it.
 */
class MutantTestFiles extends Sequencer {
  constructor(options) {
    super(options);
    this.testNamePattern = options.globalConfig.testNamePattern;
  }

  async sort(tests) {
    const sorted = await super.sort(tests);
    if (!this.testNamePattern || !existsSync(RECORD)) return sorted;
    const pattern = new RegExp(this.testNamePattern, 'i');
    const files = new Set();
    for (const line of readFileSync(RECORD, 'utf8').split('\n')) {
      if (!line) continue;
      const { name, path } = JSON.parse(line);
      if (pattern.test(name)) files.add(path);
    }
    return files.size ? sorted.filter((test) => files.has(test.path)) : sorted;
  }
}

module.exports = MutantTestFiles;
