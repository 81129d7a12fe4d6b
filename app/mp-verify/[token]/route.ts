import type { NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { withErrorPage } from '@/lib/auth/failures';

export const dynamic = 'force-dynamic';

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

/** Served at /MP_verify_<token>.txt (next.config rewrite): WeChat's domain check for 网页授权域名 (WECHAT-PROTOCOL §10.1). */
async function verify(_request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const expected = getEnv().mpVerifyToken;
  if (!expected || token !== expected) return new Response('Not Found', { status: 404, headers: TEXT });
  return new Response(expected, { status: 200, headers: TEXT });
}

export const GET = withErrorPage(verify);
