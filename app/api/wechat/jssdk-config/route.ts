import { getEnv, resolveOrigin } from '@/lib/env';
import { withErrorPage } from '@/lib/auth/failures';
import { StoreUnavailableError } from '@/lib/store';
import { WeChatError } from '@/lib/wechat/errors';
import { jssdkConfigFor, pageUrlToSign } from '@/lib/wechat/jssdk';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'cache-control': 'no-store' };

/**
 * GET ?url=: wx.config's signature for a page of this app, with the jsapi_ticket every instance shares. When no
 * ticket can be had the page simply has no share card; lib/wechat/request.ts has logged what an operator must do.
 */
async function jssdkConfig(request: Request) {
  const env = getEnv();
  if (!env.jssdk) return Response.json({ error: 'not_found' }, { status: 404, headers: NO_STORE });
  const url = pageUrlToSign(new URL(request.url).searchParams.get('url'), resolveOrigin(request, env));
  if (!url) return Response.json({ error: 'bad_url' }, { status: 400, headers: NO_STORE });
  try {
    return Response.json(await jssdkConfigFor(env, url), { headers: NO_STORE });
  } catch (error) {
    if (!(error instanceof WeChatError || error instanceof StoreUnavailableError)) throw error;
    return Response.json({ error: 'unavailable' }, { status: 503, headers: NO_STORE });
  }
}

export const GET = withErrorPage(jssdkConfig);
