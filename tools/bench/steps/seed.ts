import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanEnv, spawnTracked, startNext, stopChild, waitFor, waitUntilReady } from '../../lib/server';
import { machineCpuMs, treeCpuMs } from '../../lib/proc';
import { PHONE_HEADERS, inParallel } from '../lib/http';
import { load, signInLoad, type PooledRequest, type SignInCheck, type SignInRun } from '../lib/load';
import { BENCH_SESSION_SECRET } from '../lib/sessions';
import { callbackFor, startSignIn } from '../lib/sign-in';
import { issueCodes, setLatency, startStandIn, type StandIn } from '../lib/stand-in';

/**
 * The seed's Tornado handler (../shared/peers/seed/app.py) beside the app's production build, both signing in
 * against one WeChat stand-in: throughput at 16 connections, the two alternated, and CPU time per sign-in.
 */

const SEED = resolve(import.meta.dirname ?? __dirname, '../../..', '../shared/peers/seed/app.py');
const PYTHON = '/usr/bin/python3';
const PERSONA_OPENID = 'oMockFullProfile000000000001';
const CONNECTIONS = 16;
const RUN_SECONDS = 6;
export const SEED_WECHAT_MS = [0, 20] as const;
/** Per side, in two alternated halves. */
const CPU_SIGN_INS = 1000;
const WARM_UP_SIGN_INS = 300;
/** A pool holds this many times what the side's fastest run so far would use; the stand-in issues ≤ 15,000 at once. */
const POOL_MARGIN = 2.5;
const MAX_POOL = 15_000;

export interface SeedPorts {
  app: number;
  seed: number;
  standIn: number;
}

/** Share of one core each process used during a set of runs, in %. */
export interface CoreUse {
  server: number;
  standIn: number;
  loadGenerator: number;
  /** Every process on the machine, these included (of 100 % × cores). */
  machine: number;
}

export interface SeedSetting {
  wechatMs: number;
  app: SignInRun[];
  seed: SignInRun[];
  appCores: CoreUse;
  seedCores: CoreUse;
}

/** CPU ms per completed sign-in, over CPU_SIGN_INS sign-ins per side. */
export interface CpuPerSignIn {
  signIns: { app: number; seed: number };
  app: number;
  seed: number;
  standInForApp: number;
  standInForSeed: number;
  loadGeneratorForApp: number;
  loadGeneratorForSeed: number;
  runs: SignInRun[];
  /** For context: the app server's CPU per answer of a route handler that does nothing (/api/health). */
  appFloor: number;
}

export interface SeedFigures {
  seedFile: string;
  settings: SeedSetting[];
  cpu: CpuPerSignIn;
  seconds: number;
}

/** `skipped`: the seed cannot run here (no Tornado, no seed file); `failed`: it could, and something broke. */
export type SeedResult = { skipped: string } | { failed: string } | SeedFigures;

const appSignedIn: SignInCheck = (status, _body, headers) => {
  if (status !== 303) return 'not a sign-in';
  if (!/(^|\n)wx_session=/.test(headers['set-cookie'] ?? '')) return 'without a session cookie';
  if (!(headers.location ?? '').endsWith('/profile')) return `to ${headers.location ?? 'nowhere'}`;
  return null;
};

/** The seed answers WeChat's errmsg with a 200 too; only the rendered profile is a sign-in. */
const seedSignedIn: SignInCheck = (status, body) => {
  if (status !== 200) return 'not a sign-in';
  if (body.includes(`<td>${PERSONA_OPENID}</td>`)) return null;
  // WeChat's errmsg ends with a request id: dropped, so that equal answers are counted together.
  return `without a profile: ${body.replace(/,?\s*rid:[\s\S]*$/, '').slice(0, 40)}`;
};

function hasTornado(): boolean {
  return spawnSync(PYTHON, ['-c', 'import tornado'], { stdio: 'ignore' }).status === 0;
}

function aptGet(args: string[]): boolean {
  const run = spawnSync('apt-get', args, {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 300_000,
  });
  return run.status === 0;
}

/** Why the section cannot run, or null; as root it installs Debian's Tornado first. */
function whySkip(log: (line: string) => void): string | null {
  if (!existsSync(SEED)) return `the seed is missing (${SEED})`;
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  if (hasTornado()) return null;
  if (process.getuid?.() !== 0) return 'python3-tornado is not installed (apt-get install python3-tornado)';
  log('seed: installing python3-tornado');
  if (!aptGet(['install', '-y', 'python3-tornado'])) aptGet(['update']) && aptGet(['install', '-y', 'python3-tornado']);
  return hasTornado() ? null : 'python3-tornado could not be installed (apt-get install python3-tornado)';
}

interface Target {
  name: 'app' | 'seed';
  url: string;
  pid: number;
  check: SignInCheck;
  prepare(count: number): Promise<PooledRequest[]>;
}

async function startSeed(port: number, standIn: StandIn, appId: string, appSecret: string) {
  const url = `http://127.0.0.1:${port}`;
  const { child, output } = spawnTracked(
    PYTHON,
    [SEED, String(port)],
    cleanEnv({ WECHAT_APPID: appId, WECHAT_APPSECRET: appSecret, WECHAT_API_BASE_URL: standIn.url }),
  );
  if (child.pid === undefined) throw new Error('the seed did not spawn');
  try {
    // Without a code Tornado answers 400: the server is up.
    const answers = async () =>
      (await fetch(`${url}/wechat8000/user`, { signal: AbortSignal.timeout(1000) })).status > 0;
    await waitFor(answers, performance.now(), 20_000, 50);
  } catch {
    await stopChild(child);
    throw new Error(`the seed did not answer on ${url}; it printed:\n${output()}`);
  }
  return { url, pid: child.pid, stop: () => stopChild(child) };
}

function appTarget(url: string, pid: number, standIn: StandIn): Target {
  return {
    name: 'app',
    url,
    pid,
    check: appSignedIn,
    async prepare(count) {
      // A real pending sign-in each: /auth/wechat's state cookie and authorize URL, then a code WeChat would
      // have issued on consent.
      const started = await inParallel(count, 8, () => startSignIn(url, 'snsapi_userinfo'));
      const codes = await issueCodes(standIn.url, count);
      return started.map((s, i) => {
        const pending = callbackFor(s, codes[i]!);
        return { path: pending.path, headers: { ...PHONE_HEADERS, cookie: pending.cookie } };
      });
    },
  };
}

function seedTarget(url: string, pid: number, standIn: StandIn): Target {
  return {
    name: 'seed',
    url,
    pid,
    check: seedSignedIn,
    async prepare(count) {
      const codes = await issueCodes(standIn.url, count);
      return codes.map((code) => ({ path: `/wechat8000/user?code=${code}`, headers: { ...PHONE_HEADERS } }));
    },
  };
}

interface Measured {
  run: SignInRun;
  cpu: { server: number; standIn: number; loadGenerator: number; machine: number };
}

const ownCpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** One timed run; the pool is prepared before the CPU readings start. */
async function measure(target: Target, standIn: StandIn, how: { seconds: number } | { amount: number }, pool: number) {
  const requests = await target.prepare(pool);
  const before = {
    server: treeCpuMs(target.pid),
    standIn: treeCpuMs(standIn.pid),
    loadGenerator: ownCpuMs(),
    machine: machineCpuMs(),
  };
  const run = await signInLoad({
    url: target.url,
    connections: CONNECTIONS,
    pool: requests,
    check: target.check,
    ...('seconds' in how ? { durationSeconds: how.seconds } : { amount: how.amount }),
  });
  const cpu = {
    server: treeCpuMs(target.pid) - before.server,
    standIn: treeCpuMs(standIn.pid) - before.standIn,
    loadGenerator: ownCpuMs() - before.loadGenerator,
    machine: machineCpuMs() - before.machine,
  };
  return { run, cpu } satisfies Measured;
}

function coreUse(measured: readonly Measured[]): CoreUse {
  const seconds = measured.reduce((sum, m) => sum + m.run.seconds, 0);
  const share = (pick: (m: Measured) => number) => measured.reduce((sum, m) => sum + pick(m), 0) / seconds / 10; // ms per s → % of one core
  return {
    server: share((m) => m.cpu.server),
    standIn: share((m) => m.cpu.standIn),
    loadGenerator: share((m) => m.cpu.loadGenerator),
    machine: share((m) => m.cpu.machine),
  };
}

export async function runSeedSection(
  ports: SeedPorts,
  credentials: { appId: string; appSecret: string },
  log: (line: string) => void,
): Promise<SeedResult> {
  const skip = whySkip(log);
  if (skip) {
    log(`seed: skipped — ${skip}`);
    return { skipped: skip };
  }
  // The rest of the bench has been measured by now: a broken seed section is reported, not fatal.
  return measureBesideTheApp(ports, credentials, log).catch((error: unknown) => {
    const failed = error instanceof Error ? error.message : String(error);
    log(`seed: failed — ${failed}`);
    return { failed };
  });
}

async function measureBesideTheApp(
  ports: SeedPorts,
  credentials: { appId: string; appSecret: string },
  log: (line: string) => void,
): Promise<SeedFigures> {
  const startedAt = performance.now();
  const standIn = await startStandIn(ports.standIn, credentials.appId, credentials.appSecret);
  const stops: (() => Promise<void>)[] = [() => standIn.stop()];
  try {
    const server = startNext(ports.app, {
      WECHAT_MOCK: '0',
      WECHAT_APPID: credentials.appId,
      WECHAT_APPSECRET: credentials.appSecret,
      SESSION_SECRET: BENCH_SESSION_SECRET,
      WECHAT_OAUTH_BASE_URL: standIn.url,
      WECHAT_API_BASE_URL: standIn.url,
    });
    stops.push(() => server.stop());
    await waitUntilReady(server);
    const seed = await startSeed(ports.seed, standIn, credentials.appId, credentials.appSecret);
    stops.push(() => seed.stop());
    const app = appTarget(server.url, server.pid, standIn);
    const peer = seedTarget(seed.url, seed.pid, standIn);

    const fastest = { app: 0, seed: 0 };
    const poolFor = (target: Target) =>
      Math.min(MAX_POOL, Math.ceil(Math.max(fastest[target.name], 150) * RUN_SECONDS * POOL_MARGIN));
    const timed = async (target: Target, how: { seconds: number } | { amount: number }) => {
      const measured = await measure(target, standIn, how, 'amount' in how ? how.amount : poolFor(target));
      fastest[target.name] = Math.max(fastest[target.name], measured.run.rps);
      return measured;
    };

    log(`seed: warm-up, 2 × ${WARM_UP_SIGN_INS} sign-ins each`);
    await setLatency(standIn.url, 0);
    // The second round sizes the first pools: a cold server's rate is half its warm one.
    for (let round = 0; round < 2; round++) {
      for (const target of [app, peer]) await timed(target, { amount: WARM_UP_SIGN_INS });
    }

    const settings: SeedSetting[] = [];
    let cpu: CpuPerSignIn | undefined;
    for (const wechatMs of SEED_WECHAT_MS) {
      await setLatency(standIn.url, wechatMs);
      const runs: Record<'app' | 'seed', Measured[]> = { app: [], seed: [] };
      for (const round of [1, 2]) {
        for (const target of [app, peer]) {
          log(`seed: ${target.name} run ${round}, WeChat ${wechatMs} ms, ${CONNECTIONS} conn, ${RUN_SECONDS} s`);
          runs[target.name].push(await timed(target, { seconds: RUN_SECONDS }));
        }
      }
      settings.push({
        wechatMs,
        app: runs.app.map((m) => m.run),
        seed: runs.seed.map((m) => m.run),
        appCores: coreUse(runs.app),
        seedCores: coreUse(runs.seed),
      });
      if (wechatMs === 0) {
        log(`seed: CPU time, ${CPU_SIGN_INS} sign-ins each, alternated in halves`);
        const halves: Record<'app' | 'seed', Measured[]> = { app: [], seed: [] };
        for (let half = 0; half < 2; half++) {
          for (const target of [app, peer]) halves[target.name].push(await timed(target, { amount: CPU_SIGN_INS / 2 }));
        }
        cpu = { ...cpuPerSignIn(halves.app, halves.seed), appFloor: await floorCpu(server.url, server.pid) };
      }
    }
    return {
      seedFile: SEED,
      settings,
      cpu: cpu!,
      seconds: (performance.now() - startedAt) / 1000,
    };
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

/** What Next alone costs the app server per answer, the same way as a sign-in is measured. */
async function floorCpu(url: string, pid: number): Promise<number> {
  const before = treeCpuMs(pid);
  const run = await load({ url: `${url}/api/health`, connections: CONNECTIONS, amount: CPU_SIGN_INS });
  return (treeCpuMs(pid) - before) / run.requests;
}

function cpuPerSignIn(app: readonly Measured[], seed: readonly Measured[]): Omit<CpuPerSignIn, 'appFloor'> {
  const total = (measured: readonly Measured[], pick: (m: Measured) => number) =>
    measured.reduce((sum, m) => sum + pick(m), 0);
  const signIns = { app: total(app, (m) => m.run.signIns), seed: total(seed, (m) => m.run.signIns) };
  return {
    signIns,
    app: total(app, (m) => m.cpu.server) / signIns.app,
    seed: total(seed, (m) => m.cpu.server) / signIns.seed,
    standInForApp: total(app, (m) => m.cpu.standIn) / signIns.app,
    standInForSeed: total(seed, (m) => m.cpu.standIn) / signIns.seed,
    loadGeneratorForApp: total(app, (m) => m.cpu.loadGenerator) / signIns.app,
    loadGeneratorForSeed: total(seed, (m) => m.cpu.loadGenerator) / signIns.seed,
    runs: [...app, ...seed].map((m) => m.run),
  };
}
