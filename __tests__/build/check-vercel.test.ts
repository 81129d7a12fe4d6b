/** scripts/vercel-output.ts: the checks npm run check:vercel makes of Vercel's Build Output API tree. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inspectOutput, type ExpectedRoute } from '@/scripts/vercel-output';

const SECRET = 'a-test-secret-value-0123456789';
const CONTRACT: ExpectedRoute[] = [
  { route: 'GET /', source: 'app/page.tsx', output: 'functions/index.func' },
  { route: 'GET /auth/wechat', source: 'app/auth/wechat/route.ts', output: 'functions/auth/wechat.func' },
  {
    route: 'GET /MP_verify_<token>.txt',
    source: 'app/mp-verify/[token]/route.ts',
    output: 'functions/mp-verify/[token].func',
    rewrite: { from: '/MP_verify_AbC.txt', to: '/mp-verify/' },
  },
  { route: 'GET /later', source: 'app/later/route.ts', output: 'functions/later.func' },
];
const OPTIONS = {
  contract: CONTRACT,
  needles: [{ label: 'the test secret', value: SECRET }],
  pages: ['/', '/profile'],
  handlers: ['/auth/wechat'],
};

let root: string;
let project: string;
let output: string;

function write(path: string, text = ''): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

const vcConfig = (filePathMap: Record<string, string>) =>
  JSON.stringify({ runtime: 'nodejs20.x', environment: {}, filePathMap });

/** A build of a small app as @vercel/next lays it out: one shared function, the others symlinks to it. */
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'vercel-output-test-'));
  project = join(root, 'project');
  output = join(project, '.vercel/output');
  for (const file of [
    'app/page.tsx',
    'app/auth/wechat/route.ts',
    'app/mp-verify/[token]/route.ts',
    'app/not-found.tsx',
  ])
    write(join(project, file));
  write(join(project, 'app/icon.svg'), '<svg/>');
  write(join(project, 'public/styles/app.css'), 'body{}');
  write(join(project, 'node_modules/next/server.js'), 'module.exports = {}');
  write(join(project, '.next/server/app/page.js'), 'page');
  write(
    join(output, 'config.json'),
    JSON.stringify({
      version: 3,
      routes: [
        { src: '^/(?!auth/|api/|_next/).*$', middlewarePath: '/_middleware', continue: true },
        { src: '^/MP_verify_([^/]+?)\\.txt$', dest: '/mp-verify/$1', check: true },
      ],
    }),
  );
  write(
    join(output, 'functions/index.func/.vc-config.json'),
    vcConfig({
      'node_modules/next/server.js': 'node_modules/next/server.js',
      '.next/server/app/page.js': '.next/server/app/page.js',
    }),
  );
  write(join(output, 'functions/index.func/___next_launcher.cjs'), 'launcher');
  for (const link of ['functions/auth/wechat.func', 'functions/mp-verify/[token].func', 'functions/_not-found.func']) {
    mkdirSync(dirname(join(output, link)), { recursive: true });
    symlinkSync(join(output, 'functions/index.func'), join(output, link));
  }
  write(join(output, 'functions/_middleware.func/.vc-config.json'), vcConfig({}));
  write(join(output, 'static/icon.svg'), '<svg/>');
  write(join(output, 'static/styles/app.css'), 'body{}');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const inspect = () => inspectOutput(output, project, OPTIONS);

describe('inspectOutput', () => {
  it('passes a complete build, listing where each route of the contract is answered', () => {
    const { problems, lines } = inspect();
    expect(problems).toEqual([]);
    expect(lines.join('\n')).toMatch(/GET \/auth\/wechat +functions\/auth\/wechat\.func/);
    expect(lines.join('\n')).toMatch(
      /MP_verify_<token>\.txt +functions\/mp-verify\/\[token\]\.func \(\/MP_verify_AbC\.txt/,
    );
    expect(lines.join('\n')).toMatch(/GET \/later +not in this tree yet \(no app\/later\/route\.ts\)/);
    expect(lines.join('\n')).toMatch(/functions: 2 \(runtime nodejs20\.x\)/);
  });

  it('fails when a route of the contract, or any route, page or static file of the app, has nothing to answer it', () => {
    rmSync(join(output, 'functions/auth/wechat.func'));
    rmSync(join(output, 'static/styles/app.css'));
    expect(inspect().problems).toEqual([
      'GET /auth/wechat: functions/auth/wechat.func is missing',
      'app/auth/wechat/route.ts: functions/auth/wechat.func is missing',
      'public/styles/app.css: static/styles/app.css is missing',
    ]);
  });

  it('fails when config.json lost the rewrite a route depends on', () => {
    write(
      join(output, 'config.json'),
      JSON.stringify({ version: 3, routes: [{ src: '^/.*$', middlewarePath: '/_middleware' }] }),
    );
    expect(inspect().problems).toContain(
      'GET /MP_verify_<token>.txt: config.json does not rewrite /MP_verify_AbC.txt to /mp-verify/…',
    );
  });

  it('fails without the proxy, or with a proxy that runs for route handlers or skips pages', () => {
    rmSync(join(output, 'functions/_middleware.func'), { recursive: true });
    expect(inspect().problems).toContain('the proxy (functions/_middleware.func) is missing');
    write(join(output, 'functions/_middleware.func/.vc-config.json'), vcConfig({}));
    write(
      join(output, 'config.json'),
      JSON.stringify({
        version: 3,
        routes: [
          { src: '^/auth/.*$', middlewarePath: '/_middleware' },
          { src: '^/MP_verify_([^/]+?)\\.txt$', dest: '/mp-verify/$1' },
        ],
      }),
    );
    expect(inspect().problems).toEqual(["the proxy's routes in config.json are wrong for /, /profile, /auth/wechat"]);
  });

  it('fails when a function ships a .env file, in its directory or through filePathMap', () => {
    write(join(output, 'functions/index.func/.env.production'), 'X=1');
    write(
      join(output, 'functions/_middleware.func/.vc-config.json'),
      vcConfig({ '.env.test': '.env.test', '.environment.js': '.environment.js' }),
    );
    expect(inspect().problems.sort()).toEqual([
      'functions/_middleware.func holds .env.test',
      'functions/index.func holds .env.production',
    ]);
  });

  it('fails when a secret is in a traced file of the project, a function’s own file, a static file or config.json', () => {
    write(join(project, '.next/server/app/page.js'), `const key = "${SECRET}";`);
    write(join(output, 'functions/index.func/___next_launcher.cjs'), SECRET);
    write(join(output, 'static/styles/app.css'), `/* ${SECRET} */`);
    expect(inspect().problems).toEqual([
      'functions/index.func/___next_launcher.cjs contains the test secret',
      '.next/server/app/page.js contains the test secret',
      'static/styles/app.css contains the test secret',
    ]);
  });
});
