import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPILE_HINT, CompileHintError, addCompileHints } from '@/tools/compile-hints';

const CHUNKS = {
  'a.js': 'globalThis.a=1;',
  'b.js': 'globalThis.b=2;',
  'polyfill.js': '!function(){}();',
  'lazy.js': 'globalThis.lazy=3;',
};

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'compile-hints-'));
  made.push(dir);
  return dir;
}

/** A `.next` directory as `next build` leaves it: a manifest naming the start-up chunks, and the chunks. */
function fakeBuild(rootMainFiles: string[] = ['static/chunks/a.js', 'static/chunks/b.js']): string {
  const dist = tempDir();
  mkdirSync(join(dist, 'static', 'chunks'), { recursive: true });
  for (const [name, code] of Object.entries(CHUNKS)) writeFileSync(join(dist, 'static', 'chunks', name), code);
  writeFileSync(
    join(dist, 'build-manifest.json'),
    JSON.stringify({ polyfillFiles: ['static/chunks/polyfill.js'], rootMainFiles }),
  );
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
  expect(JSON.parse(readFileSync(mapPath, 'utf8'))).toEqual({
    version: 3,
    sources: ['a.ts'],
    names: [],
    mappings: ';AAAA,CAAC',
  });
  expect(existsSync(join(dist, 'static', 'chunks', 'b.js.map'))).toBe(false);
});

test('without a build it says to run next build first', () => {
  const empty = tempDir();
  expect(() => addCompileHints(empty)).toThrow(CompileHintError);
  expect(() => addCompileHints(empty)).toThrow(/run `next build` first/);
});

test.each([
  ['with ../', 'static/chunks/../../../outside.js'],
  ['with backslashes, which Windows reads as separators', 'static/chunks/..\\..\\outside.js'],
])('a manifest naming a file outside the chunks folder (%s) is refused before any chunk is changed', (_, outside) => {
  const dist = fakeBuild(['static/chunks/a.js', outside]);
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

test('a chunk listed twice in the manifest gets one hint', () => {
  const dist = fakeBuild(['static/chunks/a.js', 'static/chunks/a.js']);
  expect(addCompileHints(dist).hinted).toEqual(['static/chunks/a.js']);
  expect(chunk(dist, 'a.js')).toBe(`${COMPILE_HINT}${CHUNKS['a.js']}`);
});

test('the copy a deployment adapter made during next build (Vercel’s .next/output) is marked as well', () => {
  const dist = fakeBuild();
  const copies = join(dist, 'output', 'static', '_next', 'static', 'chunks');
  mkdirSync(copies, { recursive: true });
  writeFileSync(join(copies, 'a.js'), CHUNKS['a.js']);
  writeFileSync(join(copies, 'b.js'), CHUNKS['b.js']);
  expect(addCompileHints(dist).hinted).toHaveLength(4);
  expect(readFileSync(join(copies, 'a.js'), 'utf8')).toBe(`${COMPILE_HINT}${CHUNKS['a.js']}`);
  expect(readFileSync(join(copies, 'b.js'), 'utf8')).toBe(`${COMPILE_HINT}${CHUNKS['b.js']}`);
});

test('the chunk’s bytes after the hint are exactly the ones the build wrote, invalid UTF-8 included', () => {
  const dist = fakeBuild();
  const bytes = Buffer.from([0x76, 0x61, 0x72, 0x20, 0x78, 0x3d, 0x22, 0xff, 0xfe, 0x22, 0x3b]);
  writeFileSync(join(dist, 'static', 'chunks', 'a.js'), bytes);
  addCompileHints(dist);
  expect(
    readFileSync(join(dist, 'static', 'chunks', 'a.js')).equals(Buffer.concat([Buffer.from(COMPILE_HINT), bytes])),
  ).toBe(true);
});

test('an index source map (sections) moves every section down one line', () => {
  const dist = fakeBuild();
  const mapPath = join(dist, 'static', 'chunks', 'a.js.map');
  const section = (line: number) => ({
    offset: { line, column: 0 },
    map: { version: 3, sources: [], names: [], mappings: 'AAAA' },
  });
  writeFileSync(mapPath, JSON.stringify({ version: 3, sections: [section(0), section(7)] }));
  addCompileHints(dist);
  expect(JSON.parse(readFileSync(mapPath, 'utf8'))).toEqual({ version: 3, sections: [section(1), section(8)] });
});

test('a source map it cannot read stops the step before the chunk is changed, so a rerun does not hide it', () => {
  const dist = fakeBuild();
  writeFileSync(join(dist, 'static', 'chunks', 'a.js.map'), '{"version":3}');
  expect(() => addCompileHints(dist)).toThrow(/neither a source map nor an index map/);
  expect(chunk(dist, 'a.js')).toBe(CHUNKS['a.js']);
  expect(() => addCompileHints(dist)).toThrow(CompileHintError);
});

test('a manifest that is not JSON gets a one-line answer naming the file', () => {
  const dist = fakeBuild();
  writeFileSync(join(dist, 'build-manifest.json'), '{ not json');
  expect(() => addCompileHints(dist)).toThrow(CompileHintError);
  expect(() => addCompileHints(dist)).toThrow(/build-manifest\.json is not readable JSON/);
});

/** Runs the step as npm run build does; returns how it failed (it is only called where it must fail). */
function runStepFailing(...args: string[]): { status: number; stderr: Buffer } | undefined {
  try {
    execFileSync(join('node_modules', '.bin', 'tsx'), [join('tools', 'compile-hints.ts'), ...args], {
      stdio: 'pipe',
    });
  } catch (error) {
    return error as { status: number; stderr: Buffer };
  }
  return undefined;
}

test('run as the build step without a build, it exits with 2 and one line naming what to do', () => {
  const empty = tempDir();
  const failure = runStepFailing(empty);
  expect(failure?.status).toBe(2);
  expect(failure?.stderr.toString().trim()).toBe(
    `compile-hints: ${join(empty, 'build-manifest.json')} does not exist; run \`next build\` first`,
  );
});

test('an option meant for next build (npm run build -- --webpack) is refused with the command that does it', () => {
  const failure = runStepFailing('--webpack');
  expect(failure?.status).toBe(2);
  expect(failure?.stderr.toString()).toContain('npx next build <options> && npx tsx tools/compile-hints.ts');
});

test('a start-up chunk missing from the build fails the step with one line naming it, no stack trace', () => {
  const dist = fakeBuild(['static/chunks/a.js', 'static/chunks/gone.js']);
  const failure = runStepFailing(dist);
  expect(failure?.status).toBe(1);
  expect(failure?.stderr.toString().trim()).toMatch(/^compile-hints: ENOENT: .*gone\.js'$/);
});
