import type { NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { decideJssdk, withErrorPage, type JssdkFailure } from '@/lib/auth';
import { resolveOrigin } from '@/lib/http';
import { StoreBusyError, StoreUnavailableError } from '@/lib/store';
import { WeChatError, jssdkConfigFor, pageUrlToSign } from '@/lib/wechat';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'cache-control': 'no-store' };

function failed(failure: JssdkFailure): Response {
  const answer = decideJssdk(failure);
  return Response.json(answer.body, { status: answer.status, headers: NO_STORE });
}

/** GET ?url=: wx.config's signature for a page of this app, with the jsapi_ticket every instance shares. */
async function jssdkConfig(request: NextRequest) {
  const env = getEnv();
  if (!env.jssdk) return Response.json({ error: 'not_found' }, { status: 404, headers: NO_STORE });
  const url = pageUrlToSign(request.nextUrl.searchParams.get('url'), resolveOrigin(request, env));
  if (!url) return failed({ problem: 'bad-url' });
  try {
    return Response.json(await jssdkConfigFor(env, url), { headers: NO_STORE });
  } catch (error) {
    if (error instanceof WeChatError) return failed({ problem: 'wechat', error });
    if (error instanceof StoreUnavailableError || error instanceof StoreBusyError) return failed({ problem: 'store' });
    throw error;
  }
}

export const GET = withErrorPage(jssdkConfig);
