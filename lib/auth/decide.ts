import 'server-only';
import type { FailurePageId } from '@/lib/http';
import type { App, Scope, WeChatError } from '@/lib/wechat';
import { MAX_HOPS } from './hops';
import { refreshPath, startPathFor } from './links';

/**
 * The one place that decides what a failure means for the user: CONTRACT.md's failure table, in code.
 * A WeChat error's `kind` is read here and nowhere else.
 */

export type Failure =
  | { problem: 'wechat'; error: WeChatError }
  /** The access token's own expiry time has passed (no call was made). */
  | { problem: 'token-expired' }
  /** The callback came back with `state` and no `code`: the user refused (in this browser, if the state verified). */
  | { problem: 'denied'; stateVerified: boolean }
  /** Missing, forged, expired or already spent state: a reused callback URL, or another browser's link. */
  | { problem: 'bad-state' }
  | { problem: 'bad-request' }
  | { problem: 'oversized' }
  | { problem: 'configuration' }
  /** The relay is off on this deployment (WECHAT_RELAY_ALLOWED_ORIGINS unset). */
  | { problem: 'relay-off' }
  /** QR sign-in is off on this deployment (WECHAT_OPEN_APPID unset). */
  | { problem: 'qr-off' }
  /** lib/on-sign-in.ts turned the sign-in away (RefuseSignIn). */
  | { problem: 'refused-by-app' }
  /** A relay link unsigned, forged, malformed or naming an origin off the allow-list: the code goes nowhere. */
  | { problem: 'relay-refused' }
  | { problem: 'unexpected' };

/** Where it happened, and what is known there. */
export interface Situation {
  step: 'start' | 'callback' | 'refresh' | 'profile' | 'relay';
  /** A live session came with the request. */
  signedIn: boolean;
  /** Automatic sign-ins and renewals that led here (lib/auth/hops.ts); 0 is the user's own tap. */
  hop: number;
  returnTo: string;
  scope?: Scope;
  /** The app the sign-in goes through; a new start goes through the same one (mp when unknown). */
  app?: App;
  /** What a page's 重试 repeats, when the caller knows better than the step (the last-resort page: the request). */
  retryHref?: string;
}

export type PageStatus = 400 | 403 | 404 | 431 | 500 | 502 | 504;

/** `endSession`: the session's tokens are dead, so its cookie is cleared with the answer. */
export type Outcome =
  | { type: 'redirect'; to: string; status: 302 | 303; endSession?: true }
  | { type: 'page'; status: PageStatus; page: FailurePageId; restartHref: string; retryHref: string; endSession?: true }
  /** /profile only: show the profile stored in the session, marked as possibly outdated. */
  | { type: 'stored-profile'; endSession?: undefined };

export function decide(failure: Failure, at: Situation): Outcome {
  const app = at.app ?? 'mp';
  const restartHref = startPathFor(app, { returnTo: at.returnTo, scope: at.scope });
  const retryHref = at.retryHref ?? (at.step === 'refresh' ? refreshPath({ returnTo: at.returnTo }) : restartHref);
  const ends = (endSession?: true) => (endSession ? { endSession } : {});
  const page = (status: PageStatus, id: FailurePageId, endSession?: true): Outcome => ({
    type: 'page',
    status,
    page: id,
    restartHref,
    retryHref,
    ...ends(endSession),
  });
  const onward: Outcome = { type: 'redirect', to: at.returnTo, status: 303 };
  const nextHop = at.hop + 1;
  const hopsLeft = nextHop <= MAX_HOPS;
  const signInAgain = (endSession?: true): Outcome => ({
    type: 'redirect',
    to: startPathFor(app, { returnTo: at.returnTo, scope: at.scope, hop: nextHop }),
    status: 302,
    ...ends(endSession),
  });

  switch (failure.problem) {
    case 'denied':
      return at.signedIn && !failure.stateVerified ? onward : page(403, 'denied');
    case 'bad-state':
      return at.signedIn ? onward : page(400, 'link-expired');
    case 'bad-request':
      return page(400, 'bad-request');
    case 'oversized':
      return page(431, 'oversized');
    case 'configuration':
      return page(500, 'misconfigured');
    case 'relay-off':
    case 'qr-off':
      return page(404, 'not-found');
    // Whoever tried to sign in here is not let in; an earlier user's session on this browser ends too.
    case 'refused-by-app':
      return page(403, 'sign-in-refused', true);
    case 'relay-refused':
      return page(400, 'relay-refused');
    case 'unexpected':
      return page(500, 'unexpected');
    case 'token-expired':
      return renewOrShowStored();
    case 'wechat':
      break;
  }

  switch (failure.error.kind) {
    // WeChat is busy, answered nonsense, or did not answer: a page that was already shown stays shown.
    case 'retry':
      return at.step === 'profile' ? { type: 'stored-profile' } : page(502, 'wechat-busy');
    case 'timeout':
      return at.step === 'profile' ? { type: 'stored-profile' } : page(504, 'wechat-timeout');
    // The AppID/AppSecret are wrong; request.ts has logged the errcode and rid for the operator.
    case 'operator':
      return at.step === 'profile' ? { type: 'stored-profile' } : page(500, 'misconfigured');
    // The code is invalid or used (40029, 40163). A doubled callback of a signed-in user carries on; the
    // user's own sign-in gets one silent restart; one the app started already was that restart.
    case 'restart':
      if (at.step !== 'callback') return reauthorize();
      if (at.signedIn && at.hop === 0) return onward;
      return at.hop === 0 ? signInAgain() : page(400, 'link-expired');
    // WeChat says the access token is dead (42001, 40001, 40014), also seconds after it was issued.
    case 'expired':
      if (at.step === 'profile') return renewOrShowStored();
      return reauthorize();
    // The user's tokens are no longer good (42002, 40030, 40003, …).
    case 'reauth':
      return reauthorize();
  }

  /** Renewal goes through the refresh route, which can store the renewed token; never past the hop bound. */
  function renewOrShowStored(): Outcome {
    if (!hopsLeft) return { type: 'stored-profile' };
    return { type: 'redirect', to: refreshPath({ returnTo: at.returnTo, hop: nextHop }), status: 302 };
  }

  /**
   * Through WeChat again. In the callback the tokens were issued a moment ago, so asking again would repeat
   * the same answer: a page. The refresh route has just renewed and been refused, so the session ends.
   */
  function reauthorize(): Outcome {
    if (at.step === 'callback') return page(400, 'link-expired');
    if (at.step === 'profile') return hopsLeft ? signInAgain() : { type: 'stored-profile' };
    return hopsLeft ? signInAgain(true) : page(400, 'link-expired', true);
  }
}

/** What can keep GET /api/wechat/jssdk-config from signing. */
export type JssdkFailure =
  | { problem: 'bad-url' }
  | { problem: 'wechat'; error: WeChatError }
  /** The shared store is down, or another instance's fetch outlasted the wait. */
  | { problem: 'store' };

export interface JssdkAnswer {
  status: 400 | 503;
  body: { error: 'bad_url' | 'unavailable' };
}

/**
 * The config route's answer to a failure (CONTRACT: 400 for a bad url, 503 when no ticket can be had). The page
 * then simply has no share card; request.ts has already logged WeChat's errcode and what an operator must do.
 */
export function decideJssdk(failure: JssdkFailure): JssdkAnswer {
  if (failure.problem === 'bad-url') return { status: 400, body: { error: 'bad_url' } };
  return { status: 503, body: { error: 'unavailable' } };
}
