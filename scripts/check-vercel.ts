/**
 * npm run check:vercel — Vercel's own build of this project, offline, and checks of what it would deploy.
 *
 * Copies the project as git would hand it to Vercel (tracked and untracked files, none that .gitignore skips) into a
 * temporary directory, with node_modules hard-linked, writes the local `.vercel/project.json` Vercel's CLI needs to
 * build without an account, runs `vercel build` (CLI 58.10.0: newer ones do not install here) with canary secrets
 * in its environment, and checks the Build Output API result (scripts/vercel-output.ts). Exits 1 on any problem.
 * Usage: tsx scripts/check-vercel.ts [--keep]   (--keep leaves the temporary copy for a look)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inspectOutput, type ExpectedRoute, type Needle } from './vercel-output';

const VERCEL_CLI = 'vercel@58.10.0';
const PROJECT_JSON = {
  projectId: 'prj_local',
  orgId: 'team_local',
  settings: { framework: 'nextjs', nodeVersion: '20.x' },
};

/** CONTRACT.md's routes; those whose source is not in the tree yet are listed as such, not failed. */
export const CONTRACT_ROUTES: ExpectedRoute[] = [
  { route: 'GET /', source: 'app/page.tsx', output: 'functions/index.func' },
  { route: 'GET /auth/wechat', source: 'app/auth/wechat/route.ts', output: 'functions/auth/wechat.func' },
  {
    route: 'GET /auth/wechat/callback',
    source: 'app/auth/wechat/callback/route.ts',
    output: 'functions/auth/wechat/callback.func',
  },
  { route: 'GET /profile', source: 'app/profile/page.tsx', output: 'functions/profile.func' },
  { route: 'POST /auth/logout', source: 'app/auth/logout/route.ts', output: 'functions/auth/logout.func' },
  { route: 'GET /api/health', source: 'app/api/health/route.ts', output: 'functions/api/health.func' },
  {
    route: 'GET /MP_verify_<token>.txt',
    source: 'app/mp-verify/[token]/route.ts',
    output: 'functions/mp-verify/[token].func',
    rewrite: { from: '/MP_verify_AbC123.txt', to: '/mp-verify/' },
  },
  {
    route: '/mock-wechat/...',
    source: 'app/mock-wechat/[...path]/route.ts',
    output: 'functions/mock-wechat/[...path].func',
  },
  {
    route: 'GET /api/wechat/jssdk-config',
    source: 'app/api/wechat/jssdk-config/route.ts',
    output: 'functions/api/wechat/jssdk-config.func',
  },
  {
    route: 'GET /auth/wechat/relay',
    source: 'app/auth/wechat/relay/route.ts',
    output: 'functions/auth/wechat/relay.func',
  },
  { route: 'GET /auth/wechat/qr', source: 'app/auth/wechat/qr/route.ts', output: 'functions/auth/wechat/qr.func' },
];

/** What the proxy must run for (pages), and must leave alone (route handlers). */
const PAGES = ['/', '/profile'];
const HANDLERS = ['/auth/wechat', '/auth/wechat/callback', '/auth/wechat/relay', '/api/health', '/mock-wechat/x'];

/** The build runs with these in its environment (CI's own values when it exports them); none may reach the output. */
const CANARIES: Record<string, string> = {
  WECHAT_APPID: 'wx00000000c1canary',
  WECHAT_APPSECRET: 'ci-canary-app-secret-7f3a9c',
  SESSION_SECRET: 'ci-canary-session-secret-of-32-characters-x',
  WECHAT_RELAY_SECRET: 'ci-canary-relay-secret-of-32-characters-xy',
  WECHAT_AUTH_RELAY_URL: 'https://wx.canary.example',
  REDIS_URL: 'rediss://default:ci-canary-redis-password@redis.canary.example:6379',
};

const TEST_ENV = '__tests__/support/test.env';

/** The canary secrets and Redis URL (it may carry a password), and every *SECRET* value of the jest configuration. */
function needles(root: string, canaries: Record<string, string>): Needle[] {
  const fromTests = readFileSync(join(root, TEST_ENV), 'utf8')
    .split('\n')
    .flatMap((line) => {
      const pair = /^(\w*SECRET\w*)=(.{8,})$/.exec(line.trim());
      return pair ? [{ label: `the test ${pair[1]}`, value: pair[2] as string }] : [];
    });
  const fromBuild = Object.entries(canaries)
    .filter(([name]) => name.includes('SECRET') || name === 'REDIS_URL')
    .map(([name, value]) => ({ label: `the canary ${name}`, value }));
  return [...fromBuild, ...fromTests];
}

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  return spawnSync(command, args, { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** The files git would give Vercel, and node_modules hard-linked (copied when /tmp is another filesystem). */
function copyProject(root: string, to: string): void {
  const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(root, file), join(to, file), { dereference: false, errorOnExist: false });
  }
  const linked = run('cp', ['-al', join(root, 'node_modules'), join(to, 'node_modules')], { cwd: root });
  if (linked.status !== 0) cpSync(join(root, 'node_modules'), join(to, 'node_modules'), { recursive: true });
}

function main(): void {
  const root = process.cwd();
  const keep = process.argv.includes('--keep');
  const copy = mkdtempSync(join(tmpdir(), 'check-vercel-'));
  const started = Date.now();
  try {
    copyProject(root, copy);
    mkdirSync(join(copy, '.vercel'));
    writeFileSync(join(copy, '.vercel/project.json'), JSON.stringify(PROJECT_JSON));
    const canaries = Object.fromEntries(Object.entries(CANARIES).map(([k, v]) => [k, process.env[k] || v]));
    const env = { ...process.env, ...canaries, NEXT_TELEMETRY_DISABLED: '1', VERCEL_TELEMETRY_DISABLED: '1' };
    const build = run('npx', ['-y', VERCEL_CLI, 'build', '--yes'], { cwd: copy, env });
    writeFileSync(join(copy, 'vercel-build.log'), `${build.stdout}\n${build.stderr}`);
    const seconds = Math.round((Date.now() - started) / 1000);
    if (build.status !== 0) {
      console.error(`${build.stdout}\n${build.stderr}`.trim().split('\n').slice(-40).join('\n'));
      console.error(`check:vercel: \`vercel build\` (${VERCEL_CLI}) failed after ${seconds} s`);
      process.exitCode = 1;
      return;
    }
    console.log(
      `check:vercel: \`vercel build\` (${VERCEL_CLI}, offline) in a copy of the project: done in ${seconds} s`,
    );
    const report = inspectOutput(join(copy, '.vercel/output'), copy, {
      contract: CONTRACT_ROUTES,
      needles: needles(root, canaries),
      pages: PAGES,
      handlers: HANDLERS,
    });
    for (const line of report.lines) console.log(line);
    for (const problem of report.problems) console.error(`check:vercel: ${problem}`);
    console.log(`check:vercel: ${report.problems.length === 0 ? 'OK' : `${report.problems.length} problems`}`);
    process.exitCode = report.problems.length === 0 ? 0 : 1;
  } finally {
    if (keep) console.log(`check:vercel: the copy is kept in ${copy}`);
    else rmSync(copy, { recursive: true, force: true });
  }
}

if (require.main === module) main();
