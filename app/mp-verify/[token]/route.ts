import { getEnv } from '@/lib/env';

export const dynamic = 'force-dynamic';

/** Served at /MP_verify_<token>.txt (next.config rewrite): WeChat's domain check for 网页授权域名 (WECHAT-PROTOCOL §10.1). */
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const expected = getEnv().mpVerifyToken;
  if (!expected || token !== expected) {
    return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  return new Response(expected, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
