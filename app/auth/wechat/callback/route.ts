import type { NextRequest } from 'next/server';
import { getEnv, type Env } from '@/lib/env';
import { PROFILE_PATH, announceSignIn, decide, respond, sessionForCode, withErrorPage, type Failure } from '@/lib/auth';
import { checkRequest, redirectResponse, requestSite, type RequestSite } from '@/lib/http';
import { consumeState, readSession, storeSession, type StatePayload } from '@/lib/session';
import { WeChatError, canActFor } from '@/lib/wechat';

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
  const env = getEnv();
  const site = requestSite(request, env);
  const state = await consumeState(request, { secret: env.sessionSecret, secure: site.secure });
  return state.spend(await withErrorPage(signIn)(request, env, site, state.payload));
}

async function signIn(request: NextRequest, env: Env, site: RequestSite, payload: StatePayload | null) {
  const { hop = 0, returnTo = PROFILE_PATH, scope } = payload ?? {};
  // A QR sign-in begun before WECHAT_OPEN_APPID was removed cannot be finished here: its state counts as none.
  const orphaned = payload !== null && !canActFor(env, payload.app ?? 'mp');
  const app = orphaned ? 'mp' : (payload?.app ?? 'mp');
  const stateVerified = payload !== null && !orphaned;
  // Whether a live session came along matters only to a failure: a sign-in does not unseal it.
  const fail = async (failure: Failure) => {
    const signedIn = (await readSession(request, env.sessionSecret)) !== null;
    return respond(decide(failure, { step: 'callback', signedIn, hop, returnTo, scope, app }), site);
  };
  const problem = checkRequest(request, RULES);
  if (problem) return fail({ problem });
  const code = request.nextUrl.searchParams.get('code');
  // WECHAT-PROTOCOL §2: a refusal may come back as a callback with state and no code.
  if (!code && request.nextUrl.searchParams.has('state')) return fail({ problem: 'denied', stateVerified });
  if (!code || !stateVerified) return fail({ problem: 'bad-state' });

  try {
    const session = await sessionForCode(env, site.origin, code, { app, hop });
    if (!(await announceSignIn(session))) return fail({ problem: 'refused-by-app' });
    const onward = redirectResponse(`${site.origin}${returnTo}`, 303);
    return storeSession(onward, session, { secret: env.sessionSecret, secure: site.secure });
  } catch (error) {
    if (!(error instanceof WeChatError)) throw error;
    return fail({ problem: 'wechat', error });
  }
}

export const GET = withErrorPage(callback);
