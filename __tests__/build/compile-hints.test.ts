import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPILE_HINT, CompileHintError, addCompileHints } from '@/scripts/compile-hints';

const CHUNKS = { 'a.js': 'globalThis.a=1;', 'b.js': 'globalThis.b=2;', 'polyfill.js': '!function(){}();', 'lazy.js': 'globalThis.lazy=3;' };

/** A `.next` directory as `next build` leaves it: a manifest naming the start-up chunks, and the chunks. */
function fakeBuild(rootMainFiles: string[] = ['static/chunks/a.js', 'static/chunks/b.js']): string {
  const dist = mkdtempSync(join(tmpdir(), 'compile-hints-'));
  mkdirSync(join(dist, 'static', 'chunks'), { recursive: true });
  for (const [name, code] of Object.entries(CHUNKS)) writeFileSync(join(dist, 'static', 'chunks', name), code);
  writeFileSync(join(dist, 'build-manifest.json'), JSON.stringify({ polyfillFiles: ['static/chunks/polyfill.js'], rootMainFiles }));
  return dist;
}

const chunk = (dist: string, name: string) => readFileSync(join(dist, 'static', 'chunks', name), 'utf8');

test('every start-up chunk the build manifest lists begins with the compile hint, its code unchanged after it', () => {
  const dist = fakeBuild();
  expect(addCompileHints(dist)).toEqual({ hinted: ['static/chunks/a.js', 'static/chunks/b.js'], alreadyHinted: [] });
  expect(chunk(dist, 'a.js')).toBe(`${COMPILE_HINT}${CHUNKS['a.js']}`);
  expect(chunk(dist, 'b.js')).toBe(`${COMPILE_HINT}${CHUNKS['b.js']}`);
});

test('polyfills and chunks loaded later are left alone, so the browser compiles nothing it may never run', () => {
  const dist = fakeBuild();
  addCompileHints(dist);
  expect(chunk(dist, 'polyfill.js')).toBe(CHUNKS['polyfill.js']);
  expect(chunk(dist, 'lazy.js')).toBe(CHUNKS['lazy.js']);
});

test('running it twice on one build leaves a single hint on each chunk', () => {
  const dist = fakeBuild();
  addCompileHints(dist);
  expect(addCompileHints(dist)).toEqual({ hinted: [], alreadyHinted: ['static/chunks/a.js', 'static/chunks/b.js'] });
  expect(chunk(dist, 'a.js')).toBe(`${COMPILE_HINT}${CHUNKS['a.js']}`);
});

test('a chunk’s source map moves down one line with its code, its other fields kept', () => {
  const dist = fakeBuild();
  const mapPath = join(dist, 'static', 'chunks', 'a.js.map');
  writeFileSync(mapPath, JSON.stringify({ version: 3, sources: ['a.ts'], names: [], mappings: 'AAAA,CAAC' }));
  addCompileHints(dist);
  expect(JSON.parse(readFileSync(mapPath, 'utf8'))).toEqual({ version: 3, sources: ['a.ts'], names: [], mappings: ';AAAA,CAAC' });
  expect(existsSync(join(dist, 'static', 'chunks', 'b.js.map'))).toBe(false);
});

test('without a build it says to run next build first', () => {
  const empty = mkdtempSync(join(tmpdir(), 'compile-hints-'));
  expect(() => addCompileHints(empty)).toThrow(CompileHintError);
  expect(() => addCompileHints(empty)).toThrow(/run `next build` first/);
});

test('a manifest naming a file outside the chunks folder is refused before any chunk is changed', () => {
  const dist = fakeBuild(['static/chunks/a.js', 'static/chunks/../../../outside.js']);
  expect(() => addCompileHints(dist)).toThrow(/unexpected start-up file/);
  expect(chunk(dist, 'a.js')).toBe(CHUNKS['a.js']);
});

test('with subresource integrity on it refuses and changes nothing, since a changed chunk would fail its hash', () => {
  const dist = fakeBuild();
  mkdirSync(join(dist, 'server'));
  writeFileSync(join(dist, 'server', 'subresource-integrity-manifest.json'), '{}');
  expect(() => addCompileHints(dist)).toThrow(/experimental\.sri/);
  expect(chunk(dist, 'a.js')).toBe(CHUNKS['a.js']);
});

test('run as the build step without a build, it exits with 2 and one line naming what to do', () => {
  const empty = mkdtempSync(join(tmpdir(), 'compile-hints-'));
  let failure: { status: number; stderr: Buffer } | undefined;
  try {
    execFileSync(join('node_modules', '.bin', 'tsx'), [join('scripts', 'compile-hints.ts'), empty], { stdio: 'pipe' });
  } catch (error) {
    failure = error as { status: number; stderr: Buffer };
  }
  expect(failure?.status).toBe(2);
  expect(failure?.stderr.toString().trim()).toBe(`compile-hints: ${join(empty, 'build-manifest.json')} does not exist; run \`next build\` first`);
});
