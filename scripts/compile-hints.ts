/**
 * After `next build` (npm run build runs it): puts V8's explicit compile hint on the framework chunks every
 * page runs at start-up, so Chromium-based browsers (Android WeChat's XWeb among them) compile their functions
 * while the script streams in, off the main thread, instead of lazily inside the one long start-up task that
 * hydrates the page. Browsers without the feature read a comment. Usage: tsx scripts/compile-hints.ts [distDir]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { z } from 'zod';

// https://v8.dev/blog/explicit-compile-hints: the comment must come before the script's first token.
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

const buildManifest = z.object({ rootMainFiles: z.array(z.string()).min(1) });
const sourceMap = z.looseObject({ mappings: z.string() });

export interface HintResult {
  /** Start-up chunks that were given the hint now. */
  hinted: string[];
  /** Start-up chunks that had it already (the script ran twice on one build). */
  alreadyHinted: string[];
}

export class CompileHintError extends Error {}

/** The chunks the App Router loads on every page, from the build's own manifest. */
export function startupChunks(distDir: string): string[] {
  const path = join(distDir, 'build-manifest.json');
  if (!existsSync(path)) throw new CompileHintError(`${path} does not exist; run \`next build\` first`);
  const parsed = buildManifest.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new CompileHintError(`${path} lists no rootMainFiles; is this an App Router build?`);
  return parsed.data.rootMainFiles.map((file) => {
    // The manifest's paths are URL paths (forward slashes) on every OS, Windows included.
    if (!/^static\/chunks\/[^/]+\.js$/.test(posix.normalize(file))) throw new CompileHintError(`${path}: unexpected start-up file ${file}`);
    return file;
  });
}

// One line added at the top moves every mapped line down by one; in a source map that is one leading ';'.
function shiftSourceMap(path: string): void {
  if (!existsSync(path)) return;
  const map = sourceMap.parse(JSON.parse(readFileSync(path, 'utf8')));
  writeFileSync(path, JSON.stringify({ ...map, mappings: `;${map.mappings}` }));
}

export function addCompileHints(distDir: string): HintResult {
  if (existsSync(join(distDir, 'server', 'subresource-integrity-manifest.json'))) {
    throw new CompileHintError('experimental.sri is on: a changed chunk would fail its integrity hash; remove one or the other');
  }
  const result: HintResult = { hinted: [], alreadyHinted: [] };
  for (const file of startupChunks(distDir)) {
    const path = join(distDir, file);
    const code = readFileSync(path, 'utf8');
    if (code.startsWith(COMPILE_HINT)) {
      result.alreadyHinted.push(file);
      continue;
    }
    writeFileSync(path, COMPILE_HINT + code);
    shiftSourceMap(`${path}.map`);
    result.hinted.push(file);
  }
  return result;
}

function main(): void {
  const distDir = process.argv[2] ?? join(process.cwd(), '.next');
  try {
    const { hinted, alreadyHinted } = addCompileHints(distDir);
    console.log(`compile-hints: ${hinted.length} start-up chunks marked, ${alreadyHinted.length} already marked`);
  } catch (error) {
    if (!(error instanceof CompileHintError)) throw error;
    console.error(`compile-hints: ${error.message}`);
    process.exit(2);
  }
}

if (require.main === module) main();
