import type { NextRequest } from 'next/server';
import { failureResponse, routeContext, withErrorPage } from '@/lib/auth/failures';
import { PROFILE_PATH } from '@/lib/auth/links';
import { relayDestination } from '@/lib/auth/relay';
import { redirectResponse } from '@/lib/http/request';

export const dynamic = 'force-dynamic';

/**
 * On the deployment whose host is the 网页授权域名: WeChat's answer for another deployment arrives here, on the
 * signed link that deployment built, and is forwarded with one redirect to its callback, or goes nowhere.
 * WeChat is never called here: the target deployment redeems the code and checks state against its own cookie.
 */
async function relay(request: NextRequest) {
  const { env, site } = routeContext(request);
  const answer = relayDestination(request, env.relay);
  if ('forwardTo' in answer) return redirectResponse(answer.forwardTo, 303);
  return failureResponse(answer, { step: 'relay', signedIn: false, hop: 0, returnTo: PROFILE_PATH }, site);
}

export const GET = withErrorPage(relay);
