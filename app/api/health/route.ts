import { getEnv } from '@/lib/env';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ status: 'ok', mode: getEnv().mode }, { headers: { 'cache-control': 'no-store' } });
}
