import { loadConfig } from '@/lib/env';
import { withErrorPage } from '@/lib/auth/failures';

export const dynamic = 'force-dynamic';

const HEADERS = { 'cache-control': 'no-store' };

/** For monitors: JSON either way, and on a misconfigured deployment the one line that names the variable. */
async function health() {
  const config = loadConfig();
  if (!config.ok)
    return Response.json({ status: 'misconfigured', problem: config.problem }, { status: 500, headers: HEADERS });
  return Response.json({ status: 'ok', mode: config.env.mode }, { headers: HEADERS });
}

export const GET = withErrorPage(health);
