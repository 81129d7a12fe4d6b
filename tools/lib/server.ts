import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { rssMb } from './proc';

const require = createRequire(import.meta.url);
const NEXT_BIN = require.resolve('next/dist/bin/next');

/** Variables of the contract that must come from the tool only, never from the caller's shell. */
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

/** SIGTERM, then SIGKILL after 5 s; resolves once the child has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
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

/** Spawns a child that dies with the tool; the tail of its output is kept to explain a failed start. */
export function spawnTracked(
  command: string,
  args: string[],
  env: Env,
  onOutput?: (text: string) => void,
): { child: ChildProcess; output: () => string } {
  const child = spawn(command, args, { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-4000);
    onOutput?.(text);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output };
}

export interface StartOptions {
  /** Node's own options for the server process, such as --inspect=127.0.0.1:<port> or --trace-gc. */
  nodeFlags?: string[];
  /** Receives everything the server prints, stdout and stderr. */
  onOutput?: (text: string) => void;
}

export interface RunningServer {
  url: string;
  pid: number;
  spawnedAt: number;
  rssMb(): number;
  /** The last 4000 characters the server printed. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `next start` of the existing production build on 127.0.0.1, with APP_BASE_URL set to its own URL; the
 * spawned process is the server itself (no fork), so its pid is the one to measure.
 */
export function startNext(port: number, env: Record<string, string>, options: StartOptions = {}): RunningServer {
  const url = `http://127.0.0.1:${port}`;
  const spawnedAt = performance.now();
  const { child, output } = spawnTracked(
    process.execPath,
    [...(options.nodeFlags ?? []), NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'],
    cleanEnv({ APP_BASE_URL: url, ...env }),
    options.onOutput,
  );
  if (child.pid === undefined) throw new Error('next start did not spawn');
  const pid = child.pid;
  return { url, pid, spawnedAt, rssMb: () => rssMb(pid), output, stop: () => stopChild(child) };
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

/** Waits for /api/health to answer 200; on a timeout the error carries what the server printed. */
export async function waitUntilReady(server: RunningServer, timeoutMs = 30_000): Promise<void> {
  const healthy = async () =>
    (await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(1000) })).status === 200;
  try {
    await waitFor(healthy, server.spawnedAt, timeoutMs, 20);
  } catch {
    throw new Error(`${server.url} did not become ready within ${timeoutMs} ms; it printed:\n${server.output()}`);
  }
}
