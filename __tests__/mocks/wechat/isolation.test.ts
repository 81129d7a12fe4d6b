import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const LAZY_MOCK_USERS = ['lib/wechat/backend.ts'];

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

  it('loads the mock lazily, and only in lib/wechat/backend.ts, the one seam between the app and the mock', () => {
    const lazyImports = appFiles.filter(({ text }) => text.includes("import('@/mocks/")).map(({ file }) => file);
    expect(lazyImports.sort()).toEqual([...LAZY_MOCK_USERS].sort());
  });
});

describe('the mock behind its seam', () => {
  const mockFiles = sourceFiles('mocks').map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));

  it('loads nothing of lib/ at run time: no import climbs back up into the app', () => {
    const loads = mockFiles
      .filter(({ text }) => /^import (?!type )[^;]*from '@\/lib\//m.test(text))
      .map(({ file }) => file);
    expect(loads).toEqual([]);
  });

  it('is never asked by product code whether it is on: only the seam reads the mode', () => {
    const readers = appFiles.filter(({ text }) => /mode === 'mock'|mode !== 'mock'/.test(text)).map(({ file }) => file);
    expect(readers).toEqual(['lib/wechat/backend.ts']);
  });
});
