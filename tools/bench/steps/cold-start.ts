import { request } from '../lib/http';
import { freshSessionCookie } from '../lib/sessions';
import { waitFor, type RunningServer } from '../../lib/server';

export interface ColdStart {
  /** `next start` spawned → first answer of /profile (a 307 to sign-in, without a session). */
  firstAnswerMs: number;
  /** `next start` spawned → first rendered /profile with a session. */
  firstProfileMs: number;
  rssMb: number;
}

export async function measureColdStart(server: RunningServer): Promise<ColdStart> {
  const cookie = await freshSessionCookie();
  const firstAnswerMs = await waitFor(
    async () => (await request(`${server.url}/profile`)).status === 307,
    server.spawnedAt,
    30_000,
    5,
  );
  const firstProfileMs = await waitFor(
    async () => (await request(`${server.url}/profile`, { cookie })).status === 200,
    server.spawnedAt,
    30_000,
    5,
  );
  return { firstAnswerMs, firstProfileMs, rssMb: server.rssMb() };
}
