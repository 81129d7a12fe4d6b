import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { rssMb } from './proc';

const NEXT_BIN = createRequire(import.meta.url).resolve('next/dist/bin/next');
/** Variables of the contract that must come from the tool only, never from the caller's shell. */
const OWN_VARIABLES = /^(WECHAT_|MOCK_WECHAT_|PROFILE_TTL_SECONDS$|SESSION_SECRET$|APP_BASE_URL$|NODE_ENV$)/;

type Env = Record<string, string | undefined>;

export function cleanEnv(extra: Record<string, string>): Env {
  const inherited = Object.entries(process.env).filter(([name]) => !OWN_VARIABLES.test(name));
  return { ...Object.fromEntries(inherited), NEXT_TELEMETRY_DISABLED: '1', ...extra };
}

export interface Child {
  pid: number;
  /** The last 4000 characters it printed. */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it has exited. */
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.once('exit', () => children.forEach((child) => child.kill('SIGKILL')));

/** Spawns a child that dies with the tool. */
export function spawnTracked(command: string, args: string[], env: Env, onOutput?: (text: string) => void): Child {
  const child = spawn(command, args, { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`${command} did not spawn`);
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
    onOutput?.(chunk.toString());
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => (clearTimeout(force), resolve()));
      child.kill('SIGTERM');
    });
  return { pid: child.pid, output: () => output, stop };
}

export type RunningServer = Child & { url: string; spawnedAt: number; rssMb(): number };

/**
 * `next start` of the existing production build on 127.0.0.1, with APP_BASE_URL set to its own URL; the spawned
 * process is the server itself (no fork), so its pid is the one to measure.
 */
export function startNext(
  port: number,
  env: Record<string, string>,
  options: { nodeFlags?: string[]; onOutput?: (text: string) => void } = {},
): RunningServer {
  const url = `http://127.0.0.1:${port}`;
  const spawnedAt = performance.now();
  const args = [...(options.nodeFlags ?? []), NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'];
  const child = spawnTracked(process.execPath, args, cleanEnv({ APP_BASE_URL: url, ...env }), options.onOutput);
  return { ...child, url, spawnedAt, rssMb: () => rssMb(child.pid) };
}

/** Polls until `probe` answers true, for at most `timeoutMs`; returns the ms since `since`. */
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
  await waitFor(healthy, server.spawnedAt, timeoutMs, 20).catch(() => {
    throw new Error(`${server.url} did not become ready within ${timeoutMs} ms; it printed:\n${server.output()}`);
  });
}
