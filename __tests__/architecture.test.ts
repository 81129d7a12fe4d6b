import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
const APP_CODE = ['app', 'lib', 'components', 'mocks', 'proxy.ts', 'instrumentation.ts', 'next.config.ts'];

function sourceFiles(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) return [path];
  return readdirSync(full)
    .flatMap((name) => sourceFiles(join(path, name)))
    .filter((f) => /\.(ts|tsx)$/.test(f));
}

const files = APP_CODE.flatMap(sourceFiles).map((file) => ({
  file: relative(ROOT, join(ROOT, file)),
  text: readFileSync(join(ROOT, file), 'utf8'),
}));
const textOf = new Map(files.map(({ file, text }) => [file, text]));
const under = (folder: string) => files.filter(({ file }) => file.startsWith(`${folder}/`));

/** Every module a file loads, statically, lazily or to re-export it, as written; type-only imports load nothing. */
function specifiers(text: string): string[] {
  const loads = /(?:^(?:import|export)\s+(?!type\s)[^;]*?from\s|^import\s|\bimport\()\s*'([^']+)'/gm;
  return [...text.matchAll(loads)].map((m) => m[1] ?? '');
}

/** The project file an import names, or null for a package. */
function resolve(from: string, specifier: string): string | null {
  const base = specifier.startsWith('@/')
    ? specifier.slice(2)
    : specifier.startsWith('.')
      ? join(dirname(from), specifier)
      : null;
  if (base === null) return null;
  const found = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((candidate) => textOf.has(candidate));
  if (!found) throw new Error(`${from} imports ${specifier}, which is no file of the app`);
  return found;
}

const isFenced = (text: string) => text.startsWith("import 'server-only';");

/** The lib modules without the server-only fence, each with the reason it cannot have one. */
const UNFENCED: Readonly<Record<string, string>> = {
  'lib/env/index.ts': 'proxy.ts, which cannot import the fence, and the `npm start` check load the configuration',
  'lib/env/origins.ts': 'lib/env parses the relay’s allow-list with it',
  'lib/http/headers.ts': 'next.config.ts and proxy.ts build the security headers with it',
  'lib/http/pages.ts': 'proxy.ts answers a misconfigured deployment’s apology page with it',
};

describe('architecture rules', () => {
  it('reads process.env only in lib/env', () => {
    const readers = files
      .filter(({ file, text }) => text.includes('process.env') && !file.startsWith('lib/env/'))
      .map((f) => f.file);
    expect(readers).toEqual([]);
  });

  it('starts every module under lib/ (and the mock instance) with the server-only fence, except the pure modules named', () => {
    const unfenced = [
      ...under('lib'),
      { file: 'mocks/wechat/instance.ts', text: textOf.get('mocks/wechat/instance.ts')! },
    ]
      .filter(({ text }) => !isFenced(text))
      .map(({ file }) => file);
    expect(unfenced.sort()).toEqual(Object.keys(UNFENCED).sort());
  });

  it('keeps the unfenced modules, and proxy.ts and next.config.ts that import them, clear of every fenced module', () => {
    for (const file of [...Object.keys(UNFENCED), 'proxy.ts', 'next.config.ts']) {
      const imported = specifiers(textOf.get(file) ?? '')
        .map((specifier) => resolve(file, specifier))
        .filter((target): target is string => target !== null);
      expect({ file, fenced: imported.filter((target) => isFenced(textOf.get(target) ?? '')) }).toEqual({
        file,
        fenced: [],
      });
    }
  });

  it('lets app/ and components/ reach the mock only through lib/wechat/backend.ts', () => {
    const offending = [...under('app'), ...under('components')].flatMap(({ file, text }) =>
      specifiers(text)
        .filter((specifier) => /^@\/mocks(\/|$)/.test(specifier))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it('keeps client components, and everything they import, away from server modules', () => {
    const clientFiles = files.filter(({ text }) => /^['"]use client['"]/.test(text.trimStart())).map((f) => f.file);
    expect(clientFiles.length).toBeGreaterThan(0);
    for (const entry of clientFiles) {
      const seen = new Set<string>();
      const visit = (file: string): void => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const specifier of specifiers(textOf.get(file) ?? '')) {
          const target = resolve(file, specifier);
          if (target) visit(target);
        }
      };
      visit(entry);
      const server = [...seen].filter((file) => {
        const text = textOf.get(file) ?? '';
        return isFenced(text) || /from 'next\/headers'/.test(text) || file.startsWith('mocks/');
      });
      expect({ entry, server }).toEqual({ entry, server: [] });
    }
  });

  it('reads the kind of a WeChat error only where it is classified and where the failure table decides what it means', () => {
    const readsKind =
      /\b(e|err|\w*error\w*|\w*failure\w*)(\??\.kind\b|\[['"]kind['"]\])|\{[^}]*\bkind\b[^}]*\}\s*=\s*\w*(error|failure)/i;
    const readers = [...under('app'), ...under('lib')].filter(({ text }) => readsKind.test(text)).map((f) => f.file);
    expect(readers.sort()).toEqual(['lib/auth/failures.ts', 'lib/wechat/errors.ts']);
  });

  it('keeps every route handler within 60 lines and 6 imports', () => {
    for (const { file, text } of under('app').filter(({ file }) => file.endsWith('/route.ts'))) {
      const size = { lines: text.trimEnd().split('\n').length, imports: text.match(/^import\s/gm)?.length ?? 0 };
      expect({ file, withinLimits: size.lines <= 60 && size.imports <= 6, ...size }).toMatchObject({
        file,
        withinLimits: true,
      });
    }
  });
});
