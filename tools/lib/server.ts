import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const NEXT_BIN = require.resolve('next/dist/bin/next');

/** Variables of the contract that must come from the bench only, never from the caller's shell. */
const OWN_VARIABLES = /^(WECHAT_|MOCK_WECHAT_|PROFILE_TTL_SECONDS$|SESSION_SECRET$|APP_BASE_URL$|NODE_ENV$)/;

export interface RunningServer {
  url: string;
  pid: number;
  spawnedAt: number;
  rssMb(): number;
  stop(): Promise<void>;
}

type Env = Record<string, string | undefined>;

export function cleanEnv(extra: Record<string, string>): Env {
  const env: Env = {};
  for (const [name, value] of Object.entries(process.env)) if (!OWN_VARIABLES.test(name)) env[name] = value;
  return { ...env, NEXT_TELEMETRY_DISABLED: '1', ...extra };
}

function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) / 1024;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const children = new Set<ChildProcess>();
process.once('exit', () => children.forEach((child) => child.kill('SIGKILL')));

/** Spawns a child that dies with the bench; its output is kept only to explain a failed start. */
export function spawnTracked(command: string, args: string[], env: Env): { child: ChildProcess; output: () => string } {
  const child = spawn(command, args, { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output };
}

/** `next start` of the existing production build; the spawned process is the server itself (no fork). */
export function startNext(port: number, env: Record<string, string>, inspectPort?: number): RunningServer {
  const url = `http://127.0.0.1:${port}`;
  const spawnedAt = performance.now();
  const inspect = inspectPort === undefined ? [] : [`--inspect=127.0.0.1:${inspectPort}`];
  const { child } = spawnTracked(
    process.execPath,
    [...inspect, NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'],
    cleanEnv({ APP_BASE_URL: url, ...env }),
  );
  if (child.pid === undefined) throw new Error('next start did not spawn');
  const pid = child.pid;
  return { url, pid, spawnedAt, rssMb: () => rssMbOf(pid), stop: () => stopChild(child) };
}

/** Polls until `probe` answers true; bounded in time. Returns ms since `since`. */
export async function waitFor(
  probe: () => Promise<boolean>,
  since: number,
  timeoutMs = 20_000,
  everyMs = 10,
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await probe().catch(() => false)) return performance.now() - since;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`not ready within ${timeoutMs} ms`);
}
