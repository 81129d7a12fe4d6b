import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

// npm run build (next build, then tools/compile-hints.ts) is what ships; this checks what a phone receives.
// The hint is spelled out here rather than imported, so a change to the script cannot pass by changing both.
test('the framework’s start-up scripts reach the phone with V8’s compile hint, the legacy polyfills without it', async ({
  request,
}) => {
  const manifest = JSON.parse(readFileSync('.next/build-manifest.json', 'utf8')) as {
    rootMainFiles: string[];
    polyfillFiles: string[];
  };
  const html = await (await request.get('/')).text();
  const served = async (file: string) => (await request.get(`/_next/${file}`)).text();
  expect(manifest.rootMainFiles.length).toBeGreaterThan(0);
  for (const file of manifest.rootMainFiles) {
    expect(html, file).toContain(`/_next/${file}`);
    expect((await served(file)).startsWith(COMPILE_HINT), file).toBe(true);
  }
  for (const file of manifest.polyfillFiles) expect((await served(file)).startsWith(COMPILE_HINT), file).toBe(false);
});
