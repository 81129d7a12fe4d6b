/**
 * Checks of a Build Output API tree (`.vercel/output`, https://vercel.com/docs/build-output-api) for
 * scripts/check-vercel.ts: every route has its function or static file, the proxy runs for pages, and no function
 * holds a .env file or a secret. Pure reading, so jest can feed it a made-up tree.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

/** A route of CONTRACT.md, the app file that serves it, and the function or static file that must answer it. */
export interface ExpectedRoute {
  route: string;
  source: string;
  output: string;
  /** A request path that reaches `output` only through a rewrite in config.json, and where the rewrite leads. */
  rewrite?: { from: string; to: string };
}

export interface Needle {
  label: string;
  value: string;
}

export interface Report {
  /** What was checked and found, one line each. */
  lines: string[];
  /** What is wrong, one line each; empty when the build passes. */
  problems: string[];
}

interface VcConfig {
  runtime?: string;
  environment?: Record<string, string>;
  filePathMap?: Record<string, string>;
}

const isEnvFile = (path: string) => /^\.env($|\.)/.test(basename(path));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** The app's own routes and pages, as Next names their functions (app/page.tsx → index), and its static files. */
export function routesOfApp(projectDir: string): ExpectedRoute[] {
  const app = join(projectDir, 'app');
  const fromApp = walk(app).flatMap((file): ExpectedRoute[] => {
    const path = relative(app, file).split('\\').join('/');
    const handler = /^(?:(.*)\/)?(route\.ts|page\.tsx)$/.exec(path);
    if (handler) {
      const output = handler[1] ?? 'index';
      return [{ route: `/${handler[1] ?? ''}`, source: `app/${path}`, output: `functions/${output}.func` }];
    }
    if (path === 'not-found.tsx')
      return [{ route: '(404)', source: 'app/not-found.tsx', output: 'functions/_not-found.func' }];
    if (/^icon\.\w+$/.test(path)) return [{ route: `/${path}`, source: `app/${path}`, output: `static/${path}` }];
    return [];
  });
  const publicDir = join(projectDir, 'public');
  const fromPublic = existsSync(publicDir)
    ? walk(publicDir).map((file) => {
        const path = relative(publicDir, file).split('\\').join('/');
        return { route: `/${path}`, source: `public/${path}`, output: `static/${path}` };
      })
    : [];
  return [...fromApp, ...fromPublic];
}

function readVcConfig(funcDir: string): VcConfig | null {
  const file = join(funcDir, '.vc-config.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as VcConfig) : null;
}

interface ConfigJson {
  routes?: Array<{ src?: string; dest?: string; middlewarePath?: string }>;
}

/** config.json's `src` is a PCRE; the few it writes that JavaScript cannot read match nothing here. */
function matches(src: string | undefined, path: string): boolean {
  try {
    return src !== undefined && new RegExp(src).test(path);
  } catch {
    return false;
  }
}

/** Whether config.json sends `path` to the middleware function, as Vercel's router would test it. */
function proxiedPaths(config: ConfigJson, paths: readonly string[]): Record<string, boolean> {
  const routes = (config.routes ?? []).filter((r) => r.middlewarePath === '/_middleware');
  return Object.fromEntries(paths.map((path) => [path, routes.some((r) => matches(r.src, path))]));
}

function hasRewrite(config: ConfigJson, { from, to }: { from: string; to: string }): boolean {
  return (config.routes ?? []).some((r) => r.dest?.startsWith(to) && matches(r.src, from));
}

/**
 * Checks `outputDir` (.vercel/output of a build of `projectDir`). Functions list the files they ship in
 * `.vc-config.json` `filePathMap` (paths in the project), besides the files in their own directory: both are read.
 */
export function inspectOutput(
  outputDir: string,
  projectDir: string,
  {
    contract,
    needles,
    pages,
    handlers,
  }: { contract: ExpectedRoute[]; needles: Needle[]; pages: string[]; handlers: string[] },
): Report {
  const lines: string[] = [];
  const problems: string[] = [];
  const has = (output: string) => existsSync(join(outputDir, output));
  const configFile = join(outputDir, 'config.json');
  const config = existsSync(configFile) ? (JSON.parse(readFileSync(configFile, 'utf8')) as ConfigJson) : {};
  if (!existsSync(configFile)) problems.push('config.json is missing');

  for (const expected of contract) {
    if (!existsSync(join(projectDir, expected.source))) {
      lines.push(`  ${expected.route.padEnd(34)} not in this tree yet (no ${expected.source})`);
      continue;
    }
    const { rewrite } = expected;
    if (rewrite && !hasRewrite(config, rewrite))
      problems.push(`${expected.route}: config.json does not rewrite ${rewrite.from} to ${rewrite.to}…`);
    const via = rewrite ? ` (${rewrite.from} → ${rewrite.to}…)` : '';
    if (has(expected.output)) lines.push(`  ${expected.route.padEnd(34)} ${expected.output}${via}`);
    else problems.push(`${expected.route}: ${expected.output} is missing`);
  }
  for (const route of routesOfApp(projectDir)) {
    if (!has(route.output)) problems.push(`${route.source}: ${route.output} is missing`);
  }

  const middleware = join(outputDir, 'functions/_middleware.func');
  const proxied = proxiedPaths(config, [...pages, ...handlers]);
  if (!readVcConfig(middleware)) problems.push('the proxy (functions/_middleware.func) is missing');
  const wrong = [...pages.filter((p) => !proxied[p]), ...handlers.filter((p) => proxied[p])];
  if (wrong.length > 0) problems.push(`the proxy's routes in config.json are wrong for ${wrong.join(', ')}`);
  else lines.push(`  proxy: functions/_middleware.func, for ${pages.join(' ')}, not for ${handlers.join(' ')}`);

  const functionsDir = join(outputDir, 'functions');
  const funcDirs = [
    ...new Set(
      walk(functionsDir)
        .filter((file) => basename(file) === '.vc-config.json')
        .map((file) => realpathSync(join(file, '..'))),
    ),
  ];
  const shipped = new Set<string>();
  const runtimes = new Set<string>();
  for (const dir of funcDirs) {
    const vc = readVcConfig(dir) ?? {};
    if (vc.runtime) runtimes.add(vc.runtime);
    const name = relative(outputDir, dir);
    for (const file of walk(dir)) {
      shipped.add(file);
      if (isEnvFile(file)) problems.push(`${name} holds ${relative(dir, file)}`);
    }
    for (const [inFunction, fromProject] of Object.entries(vc.filePathMap ?? {})) {
      if (isEnvFile(inFunction) || isEnvFile(fromProject)) problems.push(`${name} holds ${inFunction}`);
      const source = join(projectDir, fromProject);
      if (existsSync(source)) shipped.add(realpathSync(source));
    }
  }
  lines.push(
    `  functions: ${funcDirs.length} (runtime ${[...runtimes].join(', ') || 'unknown'}), ${shipped.size} files`,
  );

  const scanned = [...shipped, ...walk(join(outputDir, 'static')), configFile].filter((file) => existsSync(file));
  let bytes = 0;
  for (const file of scanned) {
    const text = readFileSync(file, 'latin1');
    bytes += text.length;
    for (const { label, value } of needles) {
      if (text.includes(value))
        problems.push(`${relative(outputDir, file).replace(/^(\.\.\/)+/, '')} contains ${label}`);
    }
  }
  lines.push(
    `  secrets: ${needles.length} values (${needles.map((n) => n.label).join(', ')}) looked for in ${scanned.length} files, ${(bytes / 1e6).toFixed(1)} MB`,
  );
  return { lines, problems: [...new Set(problems)] };
}
