import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPILE_HINT, addCompileHints, runCompileHints } from '@/tools/compile-hints';

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

/** Every file of the build, path → bytes, to show that a skipped run changed nothing. */
function snapshot(dist: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(path, readFileSync(path).toString('base64'));
    }
  };
  walk(dist);
  return files;
}

/** Runs the command on a build and checks that it skipped with one warning and left every file as it was. */
function expectSkipped(dist: string, args: string[] = [dist]): string {
  const before = snapshot(dist);
  const outcome = runCompileHints(args);
  expect(outcome.marked).toBe(false);
  expect(outcome.line).toMatch(/^compile-hints: skipped \(build unchanged\): /);
  expect(outcome.line).not.toContain('\n');
  expect(snapshot(dist)).toEqual(before);
  return outcome.line;
}

test('without a build it skips with a warning that says to build first', () => {
  const empty = tempDir();
  expect(expectSkipped(empty)).toBe(
    `compile-hints: skipped (build unchanged): ${join(empty, 'build-manifest.json')} does not exist; run \`npm run build\` first`,
  );
});

test('a manifest that is not JSON makes it skip with a warning naming the file', () => {
  const dist = fakeBuild();
  writeFileSync(join(dist, 'build-manifest.json'), '{ not json');
  expect(expectSkipped(dist)).toMatch(/build-manifest\.json is not readable JSON/);
});

test('a manifest without rootMainFiles (not an App Router build) makes it skip', () => {
  const dist = fakeBuild();
  writeFileSync(join(dist, 'build-manifest.json'), JSON.stringify({ pages: { '/': ['static/chunks/a.js'] } }));
  expect(expectSkipped(dist)).toMatch(/lists no rootMainFiles/);
});

test.each([
  ['with ../', 'static/chunks/../../../outside.js'],
  ['with backslashes, which Windows reads as separators', 'static/chunks/..\\..\\outside.js'],
])(
  'a manifest naming a file outside the chunks folder (%s) makes it skip before any chunk is changed',
  (_, outside) => {
    const dist = fakeBuild(['static/chunks/a.js', outside]);
    expect(expectSkipped(dist)).toMatch(/unexpected start-up file/);
  },
);

test('with subresource integrity on it skips, since a changed chunk would fail its hash', () => {
  const dist = fakeBuild();
  mkdirSync(join(dist, 'server'));
  writeFileSync(join(dist, 'server', 'subresource-integrity-manifest.json'), '{}');
  expect(expectSkipped(dist)).toMatch(/experimental\.sri/);
});

test('a source map it cannot read makes it skip before the chunk is changed, and again on a rerun', () => {
  const dist = fakeBuild();
  writeFileSync(join(dist, 'static', 'chunks', 'b.js.map'), '{"version":3}');
  expect(expectSkipped(dist)).toMatch(/b\.js\.map is neither a source map nor an index map/);
  expect(expectSkipped(dist)).toMatch(/neither a source map nor an index map/);
});

test('a start-up chunk missing from the build makes it skip, the chunks listed before it untouched', () => {
  const dist = fakeBuild(['static/chunks/a.js', 'static/chunks/gone.js']);
  expect(expectSkipped(dist)).toMatch(/: ENOENT: .*gone\.js'$/);
});

test('a chunk starting with #! makes it skip, since the hint cannot go above that line', () => {
  const dist = fakeBuild();
  writeFileSync(join(dist, 'static', 'chunks', 'b.js'), '#!/usr/bin/env node\nglobalThis.b=2;');
  expect(expectSkipped(dist)).toMatch(/starts with #!/);
});

test('a write that fails halfway stops it with a warning saying how many files it marked, and never throws', () => {
  const dist = fakeBuild();
  mkdirSync(join(dist, 'static', 'chunks', 'b.js.compile-hints.tmp'));
  const outcome = runCompileHints([dist]);
  expect(outcome.marked).toBe(false);
  expect(outcome.line).toMatch(/^compile-hints: skipped: stopped after marking 1 of 2 files: EISDIR/);
  expect(chunk(dist, 'a.js')).toBe(`${COMPILE_HINT}${CHUNKS['a.js']}`);
  expect(chunk(dist, 'b.js')).toBe(CHUNKS['b.js']);
});

test('an option meant for next build makes it skip: it takes the build directory only', () => {
  const dist = fakeBuild();
  expect(expectSkipped(dist, ['--webpack'])).toMatch(/takes one argument, the build directory, not --webpack/);
});

/** Runs the command as `npm run compile-hints` does, in a process of its own. */
function runCommand(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(join('node_modules', '.bin', 'tsx'), [join('tools', 'compile-hints.ts'), ...args], {
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

// The two command tests start tsx, which can take seconds on a busy machine.
const COMMAND_TIMEOUT_MS = 30_000;

test(
  'run as a command without a build, it exits 0 with one warning line on stderr and no stack trace',
  () => {
    const empty = tempDir();
    expect(runCommand(empty)).toEqual({
      status: 0,
      stdout: '',
      stderr: `compile-hints: skipped (build unchanged): ${join(empty, 'build-manifest.json')} does not exist; run \`npm run build\` first\n`,
    });
  },
  COMMAND_TIMEOUT_MS,
);

test(
  'run as a command on a build, it marks the chunks and reports on stdout',
  () => {
    const dist = fakeBuild();
    expect(runCommand(dist)).toEqual({
      status: 0,
      stdout: 'compile-hints: marked 2 start-up chunk files, 0 already marked\n',
      stderr: '',
    });
    expect(chunk(dist, 'a.js')).toBe(`${COMPILE_HINT}${CHUNKS['a.js']}`);
  },
  COMMAND_TIMEOUT_MS,
);
