/**
 * After `next build` (npm run build runs it): puts V8's explicit compile hint on the framework chunks every
 * page runs at start-up, so Chromium 136 and later compile their functions while the script streams in, off
 * the main thread, instead of lazily inside the one long start-up task that hydrates the page. Other engines
 * read a comment. Usage: tsx tools/compile-hints.ts [distDir], distDir defaulting to .next.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

// https://v8.dev/blog/explicit-compile-hints: the comment must come before the script's first token.
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

// Where a deployment adapter copies .next/static during `next build`, before this step runs: Vercel's adapter
// (NEXT_ADAPTER_PATH on Vercel) writes .next/output/static/_next/static/..., which is what Vercel deploys.
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

export class CompileHintError extends Error {}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CompileHintError(
      `${path} is not readable JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

// A file name only: the manifest cannot point a write outside static/chunks, with / or \ on any OS.
const CHUNK_PATH = /^static\/chunks\/[\w.-]+\.js$/;

/** The chunks the App Router loads on every page, from the build's own manifest. */
export function startupChunks(distDir: string): string[] {
  const path = join(distDir, 'build-manifest.json');
  if (!existsSync(path)) throw new CompileHintError(`${path} does not exist; run \`next build\` first`);
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

function writeWhole(path: string, content: Buffer | string): void {
  writeFileSync(`${path}.compile-hints.tmp`, content);
  renameSync(`${path}.compile-hints.tmp`, path);
}

function hintChunk(distDir: string, file: string, result: HintResult): void {
  const path = join(distDir, file);
  const code = readFileSync(path);
  if (code.subarray(0, COMPILE_HINT.length).toString('latin1') === COMPILE_HINT) {
    result.alreadyHinted.push(file);
    return;
  }
  if (code.subarray(0, 2).toString('latin1') === '#!')
    throw new CompileHintError(`${path} starts with #!, which must stay first`);
  // Checked before the chunk is touched, so a bad map cannot leave a hinted chunk with an unshifted map.
  const map = shiftedSourceMap(`${path}.map`);
  writeWhole(path, Buffer.concat([Buffer.from(COMPILE_HINT, 'latin1'), code]));
  if (map !== null) writeWhole(`${path}.map`, map);
  result.hinted.push(file);
}

export function addCompileHints(distDir: string): HintResult {
  if (existsSync(join(distDir, 'server', 'subresource-integrity-manifest.json'))) {
    throw new CompileHintError(
      'experimental.sri is on: a changed chunk would fail its integrity hash; remove one or the other',
    );
  }
  const result: HintResult = { hinted: [], alreadyHinted: [] };
  for (const file of startupChunks(distDir)) {
    hintChunk(distDir, file, result);
    const copy = join(ADAPTER_STATIC_COPY, file);
    if (existsSync(join(distDir, copy))) hintChunk(distDir, copy, result);
  }
  return result;
}

function main(): void {
  const [distDir = join(process.cwd(), '.next'), ...rest] = process.argv.slice(2);
  try {
    // `npm run build -- --flag` hands the flag to this step, not to next build.
    if (distDir.startsWith('-') || rest.length > 0) {
      throw new CompileHintError(
        "takes one argument, the build directory; for next build's own options run `npx next build <options> && npx tsx tools/compile-hints.ts`",
      );
    }
    const { hinted, alreadyHinted } = addCompileHints(distDir);
    console.log(`compile-hints: marked ${hinted.length} start-up chunk files, ${alreadyHinted.length} already marked`);
  } catch (error) {
    // One line, no stack trace, whatever failed: a missing chunk or an unwritable file included.
    console.error(`compile-hints: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof CompileHintError ? 2 : 1);
  }
}

if (require.main === module) main();
