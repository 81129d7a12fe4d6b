import type { NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { PROFILE_PATH, decide, relayDestination, respond, withErrorPage } from '@/lib/auth';
import { redirectResponse, requestSite } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * On the deployment whose host is the 网页授权域名: WeChat's answer for another deployment arrives here, on the
 * signed link that deployment built, and is forwarded with one redirect to its callback, or goes nowhere.
 * WeChat is never called here: the target deployment redeems the code and checks state against its own cookie.
 */
async function relay(request: NextRequest) {
  const env = getEnv();
  const answer = relayDestination(request, env.relay);
  if ('forwardTo' in answer) return redirectResponse(answer.forwardTo, 303);
  const at = { step: 'relay', signedIn: false, hop: 0, returnTo: PROFILE_PATH } as const;
  return respond(decide(answer.failure, at), requestSite(request, env));
}

export const GET = withErrorPage(relay);
