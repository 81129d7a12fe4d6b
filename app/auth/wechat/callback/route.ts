import type { NextRequest } from 'next/server';
import { failureOf, failureResponse, routeContext, withErrorPage, type Failure } from '@/lib/auth/failures';
import { announceSignIn, sessionForCode } from '@/lib/auth/sign-in';
import { checkRequest, landOn } from '@/lib/http/request';
import { readSession, storeSession, type Session } from '@/lib/session/session';
import { consumeState } from '@/lib/session/state';

export const dynamic = 'force-dynamic';

// WECHAT-PROTOCOL §2: codes seen are 32 letters and digits (WeCom documents up to 512 bytes). A bad state is
// left to the state check, which lets a signed-in user straight on.
const RULES = { code: /^[A-Za-z0-9_-]{1,512}$/, state: null } as const;

/**
 * WeChat's redirect back: state checked against this browser's state cookie before any call to WeChat,
 * then code → token → (userinfo) → session → 303 to a clean URL, so the one-time code leaves the address bar.
 * The state names the app that started it, whose credentials redeem the code; it is spent whatever the answer.
 */
async function callback(request: NextRequest) {
  const { env, site } = routeContext(request);
  const state = await consumeState(request, env, site.secure);
  const { hop, returnTo, scope, app } = state;
  // Whether a live session came along matters only to a failure: a sign-in does not unseal it.
  const fail = async (failure: Failure) => {
    const signedIn = (await readSession(request, env)) !== null;
    return state.spend(await failureResponse(failure, { step: 'callback', signedIn, hop, returnTo, scope, app }, site));
  };

  const problem = checkRequest(request, RULES);
  if (problem) return fail({ problem });
  const code = request.nextUrl.searchParams.get('code');
  // WECHAT-PROTOCOL §2: a refusal may come back as a callback with state and no code.
  if (!code && request.nextUrl.searchParams.has('state'))
    return fail({ problem: 'denied', stateVerified: state.verified });
  if (!code || !state.verified) return fail({ problem: 'bad-state' });
  let session: Session | null;
  try {
    session = await sessionForCode(env, site.origin, code, { app, hop });
  } catch (error) {
    return fail(failureOf(error));
  }
  if (!session) return fail({ problem: 'not-a-member' });
  if (!(await announceSignIn(session))) return fail({ problem: 'refused-by-app' });
  const onward = landOn(`${site.origin}${returnTo}`);
  return state.spend(await storeSession(onward, session, { secret: env.sessionSecret, secure: site.secure }));
}

export const GET = withErrorPage(callback);
