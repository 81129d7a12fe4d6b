import { getEnv } from '@/lib/env';
import { withErrorPage } from '@/lib/auth/failures';

export const dynamic = 'force-dynamic';

async function health() {
  return Response.json({ status: 'ok', mode: getEnv().mode }, { headers: { 'cache-control': 'no-store' } });
}

export const GET = withErrorPage(health);
