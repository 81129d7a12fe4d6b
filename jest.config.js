const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const nextJest = require('next/jest');

// The fake configuration every test runs with (never real credentials). It lives outside the project root, where
// Vercel's Next.js builder would copy it, as every root .env* file, into every function (npm run check:vercel).
for (const line of readFileSync(join(__dirname, '__tests__/support/test.env'), 'utf8').split('\n')) {
  const pair = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
  if (pair && process.env[pair[1]] === undefined) process.env[pair[1]] = pair[2];
}

const createJestConfig = nextJest({ dir: './' });

const config = {
  testEnvironment: 'node',
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/$1' },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts?(x)'],
};

// msw 2's own ESM dependencies and jose 6 ship ESM only; next/jest ignores all of node_modules by default.
const esmOnly = ['rettime', 'until-async', '@open-draft/deferred-promise', 'jose'];

module.exports = async () => {
  const resolved = await createJestConfig(config)();
  resolved.transformIgnorePatterns = [`/node_modules/(?!(${esmOnly.join('|')})/)`, '^.+\\.module\\.(css|sass|scss)$'];
  return resolved;
};
