import 'server-only';
import type { NextRequest, NextResponse } from 'next/server';
import { unstable_rethrow } from 'next/navigation';
import { ConfigurationError, getEnv, loadConfig, type Env } from '@/lib/env';
import { failurePageResponse, type FailurePageId } from '@/lib/http/pages';
import { redirectResponse, resolveOrigin } from '@/lib/http/request';
import { clearSessionCookie, storeSession, type Session } from '@/lib/session/session';
import { clearStateCookie } from '@/lib/session/state';
import { backendFor } from '@/lib/wechat/backend';
import { WeChatError } from '@/lib/wechat/errors';
import type { App, Scope } from '@/lib/wechat/schemas';
import { MAX_HOPS, PROFILE_PATH, refreshPath, startPathFor } from './links';

/** CONTRACT.md's failure table, in code. A WeChat error's `kind` is read here and nowhere else. */
export type Failure =
  | { problem: 'wechat'; error: WeChatError }
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
  step: 'start' | 'callback' | 'refresh' | 'relay';
  /** A live session came with the request. */
  signedIn: boolean;
  /** Automatic sign-ins and renewals that led here (lib/auth/links.ts); 0 is the user's own tap. */
  hop: number;
  returnTo: string;
  scope?: Scope;
  /** The app the sign-in goes through; a new start goes through the same one (mp when unknown). */
  app?: App;
  /** What a page's 重试 repeats, when the caller knows better than the step (the last-resort page: the request). */
  retryHref?: string;
}

type PageStatus = 400 | 403 | 404 | 431 | 500 | 502 | 504;

/** `endSession`: the session's tokens are dead, so its cookie is cleared with the answer. */
export type Outcome =
  /** Straight on to `returnTo`. */
  | { type: 'onward' }
  /** Through WeChat again, one hop further along the chain. */
  | { type: 'sign-in-again'; endSession?: true }
  | { type: 'page'; status: PageStatus; page: FailurePageId; endSession?: true };

export function decide(failure: Failure, at: Situation): Outcome {
  const page = (status: PageStatus, id: FailurePageId, endSession?: true): Outcome =>
    endSession ? { type: 'page', status, page: id, endSession } : { type: 'page', status, page: id };
  const hopsLeft = at.hop + 1 <= MAX_HOPS;
  // In the callback the tokens were issued a moment ago, so asking again would repeat the same answer: a page.
  // The refresh route has just renewed and been refused, so the session ends.
  const reauthorize = (): Outcome => {
    if (at.step === 'callback') return page(400, 'link-expired');
    return hopsLeft ? { type: 'sign-in-again', endSession: true } : page(400, 'link-expired', true);
  };

  switch (failure.problem) {
    case 'denied':
      return at.signedIn && !failure.stateVerified ? { type: 'onward' } : page(403, 'denied');
    case 'bad-state':
      return at.signedIn ? { type: 'onward' } : page(400, 'link-expired');
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
    case 'wechat':
      break;
  }

  switch (failure.error.kind) {
    case 'retry':
      return page(502, 'wechat-busy');
    case 'timeout':
      return page(504, 'wechat-timeout');
    // The AppID/AppSecret are wrong; lib/wechat/request.ts has logged the errcode and rid for the operator.
    case 'operator':
      return page(500, 'misconfigured');
    // The code is invalid or used (40029, 40163). A doubled callback of a signed-in user carries on; the
    // user's own sign-in gets one silent restart; one the app started already was that restart.
    case 'restart':
      if (at.step !== 'callback') return reauthorize();
      if (at.signedIn && at.hop === 0) return { type: 'onward' };
      return at.hop === 0 ? { type: 'sign-in-again' } : page(400, 'link-expired');
    // WeChat says the access token (42001, 40001, 40014) or the user's tokens (42002, 40030, …) are dead.
    case 'expired':
    case 'reauth':
      return reauthorize();
  }
}

/** What /profile does when it cannot show a fresh profile. */
export type ProfileOutcome = { type: 'renew' } | { type: 'sign-in-again' } | { type: 'stored-profile' };

/**
 * /profile: an expired token goes through the refresh route (which can store the renewed token), dead tokens through
 * WeChat again, and a WeChat that is busy, slow or misconfigured leaves the stored profile, marked as possibly
 * outdated, on the page. Never past the hop bound.
 */
export function decideOnProfile(
  failure: { problem: 'token-expired' } | { problem: 'wechat'; error: WeChatError },
  hop: number,
): ProfileOutcome {
  if (hop + 1 > MAX_HOPS) return { type: 'stored-profile' };
  if (failure.problem === 'token-expired') return { type: 'renew' };
  switch (failure.error.kind) {
    case 'expired':
      return { type: 'renew' };
    case 'restart':
    case 'reauth':
      return { type: 'sign-in-again' };
    default:
      return { type: 'stored-profile' };
  }
}

/** What every answer of a route handler needs to know about where it is served. */
export interface RequestSite {
  origin: string;
  /** https: cookies get `Secure` (and the state cookie `SameSite=None`). */
  secure: boolean;
  /** What pages show at their top (lib/wechat/backend.ts). */
  banner: string | null;
}

export function requestSite(request: Request, env: Env): RequestSite {
  const origin = resolveOrigin(request, env);
  return { origin, secure: origin.startsWith('https://'), banner: backendFor(env).banner };
}

/** The configuration and where the request is served: what every route handler starts with. */
export function routeContext(request: Request): { env: Env; site: RequestSite } {
  const env = getEnv();
  return { env, site: requestSite(request, env) };
}

/** A WeChat call's failure as the failure table names it; anything else is no failure of WeChat's and goes on up. */
export function failureOf(error: unknown): Failure {
  if (error instanceof WeChatError) return { problem: 'wechat', error };
  throw error;
}

/**
 * A route's answer to a failure. `renewed`: the refresh route's renewed session, kept unless the failure ends it.
 */
export async function failureResponse(
  failure: Failure,
  at: Situation,
  site: RequestSite,
  renewed?: { session: Session; secret: string },
): Promise<NextResponse> {
  const outcome = decide(failure, at);
  const app = at.app ?? 'mp';
  const restartHref = startPathFor(app, { returnTo: at.returnTo, scope: at.scope });
  let response: NextResponse;
  if (outcome.type === 'onward') response = redirectResponse(`${site.origin}${at.returnTo}`, 303);
  else if (outcome.type === 'sign-in-again') {
    const again = startPathFor(app, { returnTo: at.returnTo, scope: at.scope, hop: at.hop + 1 });
    response = redirectResponse(`${site.origin}${again}`, 302);
  } else {
    const retryHref = at.retryHref ?? (at.step === 'refresh' ? refreshPath({ returnTo: at.returnTo }) : restartHref);
    response = failurePageResponse(outcome.page, {
      status: outcome.status,
      restartHref,
      retryHref,
      banner: site.banner,
    });
  }
  if (outcome.type !== 'onward' && outcome.endSession) clearSessionCookie(response, site.secure);
  else if (renewed) await storeSession(response, renewed.session, { secret: renewed.secret, secure: site.secure });
  return response;
}

/**
 * The answer to a failure that escaped a route handler: its 重试 repeats the same request when that can be done. A
 * callback's state is spent all the same: it is good for one callback, whatever that callback answers.
 */
async function lastResort(failure: Failure, request: NextRequest): Promise<NextResponse> {
  const { pathname, search, searchParams } = request.nextUrl;
  // A one-time code (or its state) must not sit in a link on the page; such a request cannot be repeated anyway.
  const oneTime = searchParams.has('code') || searchParams.has('state');
  const retryHref = request.method === 'GET' && !oneTime ? `${pathname}${search}` : '/';
  const config = loadConfig();
  const origin = config.ok ? resolveOrigin(request, config.env) : '';
  const site = { origin, secure: origin.startsWith('https://'), banner: null };
  const at = { step: 'start', signedIn: false, hop: 0, returnTo: PROFILE_PATH, retryHref } as const;
  const response = await failureResponse(failure, at, site);
  if (oneTime && config.ok) clearStateCookie(response, site.secure);
  return response;
}

/**
 * Every route handler's last line of defence: a misconfigured deployment (lib/env has logged which variable) or
 * anything unexpected becomes the zh-CN apology page, never Next's bare 500 or a stack trace.
 */
export function withErrorPage<Rest extends unknown[], R extends Response>(
  handler: (request: NextRequest, ...rest: Rest) => Promise<R>,
): (request: NextRequest, ...rest: Rest) => Promise<R | NextResponse> {
  return async (request, ...rest) => {
    try {
      return await handler(request, ...rest);
    } catch (error) {
      // notFound() and redirect() work by throwing; they are answers, not failures.
      unstable_rethrow(error);
      if (error instanceof ConfigurationError) return lastResort({ problem: 'configuration' }, request);
      // The name only: a message or stack may quote a URL that carries the AppSecret or a token.
      console.error(
        JSON.stringify({ event: 'unexpected_error', error: error instanceof Error ? error.name : typeof error }),
      );
      return lastResort({ problem: 'unexpected' }, request);
    }
  };
}
