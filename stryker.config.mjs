// Mutation testing for a person changing security code (docs/operations.md); not part of CI.
import { createRequire } from 'node:module';

const jestConfig = await createRequire(import.meta.url)('./jest.config.js')();

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  mutate: ['lib/auth/**/*.ts', 'lib/session/**/*.ts', 'lib/wechat/request.ts'],
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    enableFindRelatedTests: true,
    config: {
      // The component tests name their DOM environment in a docblock, which takes the place of the one Stryker counts
      // per-test coverage with. They render markup; the modules mutated here are tested in node.
      testPathIgnorePatterns: [...jestConfig.testPathIgnorePatterns, '/__tests__/components/'],
      setupFilesAfterEnv: [...jestConfig.setupFilesAfterEnv, '<rootDir>/tools/mutation/record-tests.ts'],
      testSequencer: '<rootDir>/tools/mutation/sequencer.js',
    },
  },
  coverageAnalysis: 'perTest',
  // A static mutant (a module-level table, pattern or schema) reaches no test by itself, so it runs every test file
  // that imports its module: here most of the run's time. MUTATION_STATIC=1 includes them.
  ignoreStatic: process.env.MUTATION_STATIC !== '1',
  concurrency: 2,
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  reporters: ['progress', 'clear-text', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // What a build, a browser test or a benchmark leaves behind has no place in the sandbox.
  ignorePatterns: ['.next', 'coverage', 'test-results', 'playwright-report', 'tools/bench/results'],
  thresholds: { high: 90, low: 85, break: null },
};

export default config;
