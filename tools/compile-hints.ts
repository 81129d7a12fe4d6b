/**
 * Opt-in, after a build (`npm run build && npm run compile-hints`; never part of `npm run build`): puts V8's
 * explicit compile hint on the framework chunks every page runs at start-up, so Chromium 136 and later compile
 * their functions while the script streams in, off the main thread, instead of lazily inside the one long
 * start-up task that hydrates the page. Other engines read a comment. When it cannot do that safely (no build,
 * an unknown manifest or source map, experimental.sri, …) it prints one warning, changes nothing and exits 0:
 * the hint is an optimisation, never a reason to fail a build or a deployment.
 * Usage: tsx tools/compile-hints.ts [distDir], distDir defaulting to .next.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

// https://v8.dev/blog/explicit-compile-hints: the comment must come before the script's first token.
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

// Where a deployment adapter copies .next/static during `next build`: Vercel's adapter (NEXT_ADAPTER_PATH on
// Vercel) writes .next/output/static/_next/static/..., which is what Vercel deploys.
const ADAPTER_STATIC_COPY = join('output', 'static', '_next');

const buildManifest = z.object({ rootMainFiles: z.array(z.string()).min(1) });
const plainSourceMap = z.looseObject({ mappings: z.string() });
const indexSourceMap = z.looseObject({
  sections: z.array(z.looseObject({ offset: z.looseObject({ line: z.number() }) })),
});

export interface HintResult {
  /** Chunk files given the hint now, relative to distDir (adapter copies included). */
  hinted: string[];
  /** Chunk files that had it already (the script ran twice on one build). */
  alreadyHinted: string[];
}

/** Why the build cannot be marked; nothing has been changed when it is thrown. */
export class CompileHintError extends Error {}

// Not `instanceof Error`: errors from node:fs come from another realm under jest.
const messageOf = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CompileHintError(`${path} is not readable JSON (${messageOf(error)})`);
  }
}

// A file name only: the manifest cannot point a write outside static/chunks, with / or \ on any OS.
const CHUNK_PATH = /^static\/chunks\/[\w.-]+\.js$/;

/** The chunks the App Router loads on every page, from the build's own manifest. */
export function startupChunks(distDir: string): string[] {
  const path = join(distDir, 'build-manifest.json');
  if (!existsSync(path)) throw new CompileHintError(`${path} does not exist; run \`npm run build\` first`);
  const parsed = buildManifest.safeParse(readJson(path));
  if (!parsed.success) throw new CompileHintError(`${path} lists no rootMainFiles; is this an App Router build?`);
  for (const file of parsed.data.rootMainFiles) {
    if (!CHUNK_PATH.test(file)) throw new CompileHintError(`${path}: unexpected start-up file ${file}`);
  }
  return [...new Set(parsed.data.rootMainFiles)];
}

/** The source map with every mapped line one lower, for the one line added on top; null when there is none. */
function shiftedSourceMap(path: string): string | null {
  if (!existsSync(path)) return null;
  const map = readJson(path);
  const plain = plainSourceMap.safeParse(map);
  if (plain.success) return JSON.stringify({ ...plain.data, mappings: `;${plain.data.mappings}` });
  const index = indexSourceMap.safeParse(map);
  if (index.success) {
    const sections = index.data.sections.map((section) => ({
      ...section,
      offset: { ...section.offset, line: section.offset.line + 1 },
    }));
    return JSON.stringify({ ...index.data, sections });
  }
  throw new CompileHintError(`${path} is neither a source map nor an index map`);
}

interface Edit {
  file: string;
  path: string;
  code: Buffer;
  map: string | null;
}

function readChunk(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new CompileHintError(messageOf(error));
  }
}

/** Reads and checks every file first, so that anything wrong stops the step before a single byte is written. */
function plan(distDir: string): { edits: Edit[]; alreadyHinted: string[] } {
  if (existsSync(join(distDir, 'server', 'subresource-integrity-manifest.json'))) {
    throw new CompileHintError('experimental.sri is on, and a changed chunk would fail its integrity hash');
  }
  const edits: Edit[] = [];
  const alreadyHinted: string[] = [];
  for (const chunk of startupChunks(distDir)) {
    const copy = join(ADAPTER_STATIC_COPY, chunk);
    for (const file of existsSync(join(distDir, copy)) ? [chunk, copy] : [chunk]) {
      const path = join(distDir, file);
      const code = readChunk(path);
      if (code.subarray(0, COMPILE_HINT.length).toString('latin1') === COMPILE_HINT) {
        alreadyHinted.push(file);
        continue;
      }
      if (code.subarray(0, 2).toString('latin1') === '#!') {
        throw new CompileHintError(`${path} starts with #!, which must stay first`);
      }
      edits.push({ file, path, code, map: shiftedSourceMap(`${path}.map`) });
    }
  }
  return { edits, alreadyHinted };
}

function writeWhole(path: string, content: Buffer | string): void {
  writeFileSync(`${path}.compile-hints.tmp`, content);
  renameSync(`${path}.compile-hints.tmp`, path);
}

/** Marks the build's start-up chunks; throws CompileHintError, having changed nothing, when it cannot. */
export function addCompileHints(distDir: string): HintResult {
  const { edits, alreadyHinted } = plan(distDir);
  const hinted: string[] = [];
  for (const { file, path, code, map } of edits) {
    try {
      writeWhole(path, Buffer.concat([Buffer.from(COMPILE_HINT, 'latin1'), code]));
      if (map !== null) writeWhole(`${path}.map`, map);
    } catch (error) {
      // Each chunk written so far carries a matching map and runs as before; a rerun marks the rest.
      if (hinted.length === 0) throw error;
      throw new Error(`stopped after marking ${hinted.length} of ${edits.length} files: ${messageOf(error)}`);
    }
    hinted.push(file);
  }
  return { hinted, alreadyHinted };
}

export interface Outcome {
  /** False when the step skipped; the line says whether the build was left unchanged. */
  marked: boolean;
  /** The one line to print. */
  line: string;
}

/** The command: whatever happens, one line and no exception, since the hint is never worth failing for. */
export function runCompileHints(args: readonly string[]): Outcome {
  const [distDir = join(process.cwd(), '.next'), ...rest] = args;
  try {
    if (distDir.startsWith('-') || rest.length > 0) {
      throw new CompileHintError(`takes one argument, the build directory, not ${args.join(' ')}`);
    }
    const { hinted, alreadyHinted } = addCompileHints(distDir);
    return {
      marked: true,
      line: `compile-hints: marked ${hinted.length} start-up chunk files, ${alreadyHinted.length} already marked`,
    };
  } catch (error) {
    const reason = messageOf(error).replace(/\s*\n\s*/g, ' ');
    const unchanged = error instanceof CompileHintError ? ' (build unchanged)' : '';
    return { marked: false, line: `compile-hints: skipped${unchanged}: ${reason}` };
  }
}

if (require.main === module) {
  const outcome = runCompileHints(process.argv.slice(2));
  if (outcome.marked) console.log(outcome.line);
  else console.warn(outcome.line);
}
