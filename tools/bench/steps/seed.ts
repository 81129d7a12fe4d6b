import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { machineCpuMs, treeCpuMs } from '../../lib/proc';
import { cleanEnv, spawnTracked, startNext, waitFor, waitUntilReady } from '../../lib/server';
import { PHONE_HEADERS, inParallel } from '../lib/http';
import { load, type Pooled, type SignInCheck, type SignInRun } from '../lib/load';
import { callbackFor, startSignIn } from '../lib/sign-in';
import { issueCodes, setLatency, startStandIn, withCredentials } from '../lib/stand-in';

/**
 * The seed's Tornado handler (../shared/peers/seed/app.py, beside the clone) next to the app's production build,
 * both signing in against one WeChat stand-in: throughput at 16 connections, alternated, and CPU per sign-in.
 */
const SEED = resolve(import.meta.dirname ?? __dirname, '../../..', '../shared/peers/seed/app.py');
const PYTHON = '/usr/bin/python3';
const PERSONA_OPENID = 'oMockFullProfile000000000001';
const CONNECTIONS = 16;
const RUN_SECONDS = 6;
const CPU_SIGN_INS = 1000; // per side, in two alternated halves
const WARM_UP_SIGN_INS = 300;
// A pool holds this many times what its side's fastest run so far would use; the stand-in issues ≤ 15,000 at once.
const POOL_MARGIN = 2.5;
const MAX_POOL = 15_000;

type Side = 'app' | 'seed';
const CPU_KEYS = ['server', 'standIn', 'loadGenerator', 'machine'] as const;
/** CPU ms of each (during a run), or share of one core in % (over runs); machine: every process, of 100 % × cores. */
export type CoreUse = Record<(typeof CPU_KEYS)[number], number>;
const perKey = (value: (key: keyof CoreUse) => number): CoreUse =>
  Object.fromEntries(CPU_KEYS.map((key) => [key, value(key)])) as CoreUse;

const checks: Record<Side, SignInCheck> = {
  app: (status, _body, headers) => {
    if (status !== 303) return 'not a sign-in';
    if (!/(^|\n)wx_session=/.test(headers['set-cookie'] ?? '')) return 'without a session cookie';
    // Location ends in `#`: that ends the authorize URL's #wechat_redirect (WECHAT-PROTOCOL §1.3).
    return /\/profile#?$/.test(headers.location ?? '') ? null : `to ${headers.location ?? 'nowhere'}`;
  },
  // The seed answers WeChat's errmsg with a 200 too; only the rendered profile is a sign-in. The errmsg's request
  // id is dropped, so that equal answers are counted together.
  seed: (status, body) => {
    if (status !== 200) return 'not a sign-in';
    if (body.includes(`<td>${PERSONA_OPENID}</td>`)) return null;
    return `without a profile: ${body.replace(/,?\s*rid:[\s\S]*$/, '').slice(0, 40)}`;
  },
};

const succeeds = (command: string, args: string[]) =>
  spawnSync(command, args, {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 300_000,
  }).status === 0;
const hasTornado = () => succeeds(PYTHON, ['-c', 'import tornado']);

/** Why the section cannot run, or null; as root it installs Debian's Tornado first. */
function whySkip(log: (line: string) => void): string | null {
  if (!existsSync(SEED)) return `the seed is missing (${SEED})`;
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  if (hasTornado()) return null;
  if (process.getuid?.() !== 0) return 'python3-tornado is not installed (apt-get install python3-tornado)';
  log('seed: installing python3-tornado');
  const install = () => succeeds('apt-get', ['install', '-y', 'python3-tornado']);
  if (!install()) succeeds('apt-get', ['update']) && install();
  return hasTornado() ? null : 'python3-tornado could not be installed (apt-get install python3-tornado)';
}

export async function runSeedSection(
  ports: { app: number; seed: number; standIn: number },
  log: (line: string) => void,
): Promise<{ skipped: string } | { failed: string } | Awaited<ReturnType<typeof measure>>> {
  // skipped: the seed cannot run here (no Tornado, no seed file); failed: it could, and something broke.
  const skipped = whySkip(log);
  if (skipped) return (log(`seed: skipped — ${skipped}`), { skipped });
  // The rest of the bench has been measured by now: a broken seed section is reported, not fatal.
  return measure(ports, log).catch((error: unknown) => {
    const failed = error instanceof Error ? error.message : String(error);
    return (log(`seed: failed — ${failed}`), { failed });
  });
}

type Measured = SignInRun & { cpu: CoreUse };

async function measure(ports: { app: number; seed: number; standIn: number }, log: (line: string) => void) {
  const standIn = await startStandIn(ports.standIn);
  const stops = [standIn.stop];
  try {
    const env = withCredentials(standIn.url);
    const server = startNext(ports.app, env);
    stops.push(server.stop);
    await waitUntilReady(server);
    const { WECHAT_APPID, WECHAT_APPSECRET, WECHAT_API_BASE_URL } = env;
    const seedEnv = cleanEnv({ WECHAT_APPID, WECHAT_APPSECRET, WECHAT_API_BASE_URL });
    const seed = spawnTracked(PYTHON, [SEED, String(ports.seed)], seedEnv);
    stops.push(seed.stop);
    const seedUrl = `http://127.0.0.1:${ports.seed}`;
    // Without a code Tornado answers 400: the server is up.
    const answers = async () =>
      Boolean(await fetch(`${seedUrl}/wechat8000/user`, { signal: AbortSignal.timeout(1000) }));
    await waitFor(answers, performance.now(), 20_000, 50).catch(() => {
      throw new Error(`the seed did not answer on ${seedUrl}; it printed:\n${seed.output()}`);
    });

    const sides = {
      app: { url: server.url, pid: server.pid, prepare: (count: number) => prepareApp(server.url, standIn.url, count) },
      seed: { url: seedUrl, pid: seed.pid, prepare: (count: number) => prepareSeed(standIn.url, count) },
    };
    const fastest = { app: 0, seed: 0 };
    /** One timed run; its pool is prepared before the CPU readings start. */
    const timed = async (side: Side, how: { seconds: number } | { amount: number }): Promise<Measured> => {
      const { url, pid, prepare } = sides[side];
      const size = 'amount' in how ? how.amount : Math.ceil(Math.max(fastest[side], 150) * RUN_SECONDS * POOL_MARGIN);
      const pool = await prepare(Math.min(MAX_POOL, size));
      const cpu = (): CoreUse => {
        const own = process.cpuUsage();
        const ms = { server: treeCpuMs(pid), standIn: treeCpuMs(standIn.pid), machine: machineCpuMs() };
        return { ...ms, loadGenerator: (own.user + own.system) / 1000 };
      };
      const before = cpu();
      const run = await load({ url, connections: CONNECTIONS, pool, check: checks[side], ...how });
      const after = cpu();
      fastest[side] = Math.max(fastest[side], run.rps);
      return { ...run, cpu: perKey((key) => after[key] - before[key]) };
    };

    const alternate = async (how: { seconds: number } | { amount: number }, label?: string) => {
      const runs: Record<Side, Measured[]> = { app: [], seed: [] };
      for (const round of [1, 2]) {
        for (const side of ['app', 'seed'] as const) {
          if (label) log(`seed: ${side} run ${round}, ${label}`);
          runs[side].push(await timed(side, how));
        }
      }
      return runs;
    };
    const setting = async (wechatMs: number) => {
      await setLatency(standIn.url, wechatMs);
      const runs = await alternate(
        { seconds: RUN_SECONDS },
        `WeChat ${wechatMs} ms, ${CONNECTIONS} conn, ${RUN_SECONDS} s`,
      );
      return { wechatMs, ...runs, appCores: coreUse(runs.app), seedCores: coreUse(runs.seed) };
    };

    log(`seed: warm-up, 2 × ${WARM_UP_SIGN_INS} sign-ins each`);
    await setLatency(standIn.url, 0);
    // The second round sizes the first pools: a cold server's rate is half its warm one.
    await alternate({ amount: WARM_UP_SIGN_INS });
    const at0 = await setting(0);
    log(`seed: CPU time, ${CPU_SIGN_INS} sign-ins each, alternated in halves`);
    const halves = await alternate({ amount: CPU_SIGN_INS / 2 });
    // What Next alone costs the app server per answer, measured the same way as a sign-in.
    const floorBefore = treeCpuMs(server.pid);
    const floor = await load({ url: `${server.url}/api/health`, connections: CONNECTIONS, amount: CPU_SIGN_INS });
    const cpu = cpuPerSignIn(halves, (treeCpuMs(server.pid) - floorBefore) / floor.requests);
    return { settings: [at0, await setting(20)], cpu };
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

/** A real pending sign-in each: /auth/wechat's state cookie and authorize URL, then a code issued as on consent. */
async function prepareApp(appUrl: string, standInUrl: string, count: number): Promise<Pooled[]> {
  const started = await inParallel(count, 8, () => startSignIn(appUrl, 'snsapi_userinfo'));
  const codes = await issueCodes(standInUrl, count);
  return started.map((s, i) => {
    const { path, cookie } = callbackFor(s, codes[i]!);
    return { path, headers: { ...PHONE_HEADERS, cookie } };
  });
}

async function prepareSeed(standInUrl: string, count: number): Promise<Pooled[]> {
  const codes = await issueCodes(standInUrl, count);
  return codes.map((code) => ({ path: `/wechat8000/user?code=${code}`, headers: { ...PHONE_HEADERS } }));
}

function coreUse(measured: readonly Measured[]): CoreUse {
  const seconds = measured.reduce((sum, m) => sum + m.seconds, 0);
  return perKey((key) => measured.reduce((sum, m) => sum + m.cpu[key], 0) / seconds / 10); // ms per s → % of a core
}

/** CPU ms per completed sign-in by side; appFloor: the app server's per answer of /api/health (Next alone). */
function cpuPerSignIn(measured: Record<Side, Measured[]>, appFloor: number) {
  const total = (side: Side, pick: (m: Measured) => number) => measured[side].reduce((sum, m) => sum + pick(m), 0);
  const signIns = { app: total('app', (m) => m.signIns), seed: total('seed', (m) => m.signIns) };
  const per = (key: keyof CoreUse) => ({
    app: total('app', (m) => m.cpu[key]) / signIns.app,
    seed: total('seed', (m) => m.cpu[key]) / signIns.seed,
  });
  return {
    signIns,
    server: per('server'),
    standIn: per('standIn'),
    loadGenerator: per('loadGenerator'),
    runs: [...measured.app, ...measured.seed],
    appFloor,
  };
}
