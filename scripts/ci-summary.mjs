// Prints one closing line for CI, "N passed, N failed", over the jest and Playwright JSON reports.
import { readFileSync } from 'node:fs';

const [jestFile, e2eFile] = process.argv.slice(2);
const jest = JSON.parse(readFileSync(jestFile, 'utf8'));
const e2e = JSON.parse(readFileSync(e2eFile, 'utf8'));

const e2ePassed = (e2e.stats?.expected ?? 0) + (e2e.stats?.flaky ?? 0);
const e2eFailed = e2e.stats?.unexpected ?? 0;
const passed = jest.numPassedTests + e2ePassed;
const failed = jest.numFailedTests + e2eFailed;
console.log(
  `jest ${jest.numPassedTests} passed, ${jest.numFailedTests} failed; browser ${e2ePassed} passed, ${e2eFailed} failed`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
