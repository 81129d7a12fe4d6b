import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const LAZY_MOCK_USERS = ['lib/wechat/client-for-origin.ts'];

function sourceFiles(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) return [path];
  return readdirSync(full)
    .flatMap((name) => sourceFiles(join(path, name)))
    .filter((file) => /\.tsx?$/.test(file));
}

const appFiles = ['app', 'lib', 'components', 'proxy.ts', 'instrumentation.ts']
  .flatMap(sourceFiles)
  .map((file) => ({ file: relative(ROOT, join(ROOT, file)), text: readFileSync(join(ROOT, file), 'utf8') }));

describe('how the app reaches the mock WeChat', () => {
  it('never imports a mock module statically, so the mock is no part of a real deployment’s code path', () => {
    const staticImports = appFiles
      .filter(({ text }) => /^import (?!type )[^;]*from '@\/mocks\//m.test(text))
      .map(({ file }) => file);
    expect(staticImports).toEqual([]);
  });

  it('loads the mock lazily, and only where the app’s WeChat client and the /mock-wechat route get it from', () => {
    const lazyImports = appFiles.filter(({ text }) => text.includes("import('@/mocks/")).map(({ file }) => file);
    expect(lazyImports.sort()).toEqual([...LAZY_MOCK_USERS].sort());
  });
});
