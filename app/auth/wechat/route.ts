import type { NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { HOP_PARAMETER, decide, hopFromQuery, redirectUriFor, respond, signInPath, withErrorPage } from '@/lib/auth';
import { checkRequest, isWeChatBrowser, openInWeChatResponse, redirectResponse, requestSite } from '@/lib/http';
import { createState, sanitizeReturnTo } from '@/lib/session';
import { ScopeSchema, wechatClientFor } from '@/lib/wechat';

export const dynamic = 'force-dynamic';

const RULES = { scope: null, returnTo: null, hop: HOP_PARAMETER } as const;

/** Starts WeChat web authorization: a state cookie bound to this browser, then 302 to WeChat's authorize page. */
async function start(request: NextRequest) {
  const env = getEnv();
  const site = requestSite(request, env);
  const params = request.nextUrl.searchParams;
  const returnTo = sanitizeReturnTo(params.get('returnTo'));
  const problem = checkRequest(request, RULES);
  if (problem) return respond(decide({ problem }, { step: 'start', signedIn: false, hop: 0, returnTo }), site);

  const requestedScope = ScopeSchema.safeParse(params.get('scope')).data;
  if (!site.mock && !isWeChatBrowser(request.headers.get('user-agent'))) {
    // The QR code carries the cleaned-up link, never whatever else the query held.
    const link = `${site.origin}${signInPath({ returnTo, scope: requestedScope })}`;
    return openInWeChatResponse(link);
  }

  const scope = requestedScope ?? env.scope;
  const hop = hopFromQuery(params.get('hop'));
  const { state, bind } = await createState(
    { returnTo, scope, hop },
    { secret: env.sessionSecret, secure: site.secure },
  );
  const client = await wechatClientFor(env, site.origin);
  const redirectUri = redirectUriFor(site.origin, env.authRelay);
  const authorizeUrl = client.authorizeUrl({ redirectUri, scope, state });
  return bind(redirectResponse(authorizeUrl, 302));
}

export const GET = withErrorPage(start);
