import 'server-only';
import type { NextRequest, NextResponse } from 'next/server';
import { unstable_rethrow } from 'next/navigation';
import { ConfigurationError, getEnv, loadConfig, resolveOrigin, type Env } from '@/lib/env';
import { failurePageResponse, type FailurePageId } from '@/lib/http/pages';
import { landOn, redirectResponse } from '@/lib/http/request';
import { clearSessionCookie, storeSession, type Session } from '@/lib/session/session';
import { clearStateCookie } from '@/lib/session/state';
import { StoreUnavailableError } from '@/lib/store';
import { backendFor } from '@/lib/wechat/backend';
import { WeChatError } from '@/lib/wechat/errors';
import type { App, Scope } from '@/lib/wechat/schemas';
import { MAX_HOPS, PROFILE_PATH, refreshPath, startPathFor } from './links';

/** CONTRACT.md's failure table, in code: a WeChat error's `kind` is read here and nowhere else. */
export type Failure =
  | { problem: 'wechat'; error: WeChatError }
  /** A callback with `state` and no `code`: the user refused (in this browser, if the state verified). */
  | { problem: 'denied'; stateVerified: boolean }
  /** Missing, forged, expired or spent state: a reused callback URL, or another browser's link. */
  | { problem: 'bad-state' }
  | { problem: 'bad-request' | 'oversized' | 'configuration' | 'unexpected' }
  | { problem: 'relay-off' | 'qr-off' }
  | { problem: 'refused-by-app' }
  /** WeCom named someone who is not a member of the corp (WECHAT-PROTOCOL §19.3). */
  | { problem: 'not-a-member' }
  /** The WeCom app's token could not be had: the store is down, or a failed fetch is being backed off. */
  | { problem: 'token-unavailable' }
  /** A relay link unsigned, forged or naming an origin off the allow-list: the code goes nowhere. */
  | { problem: 'relay-refused' };

export interface Situation {
  step: 'start' | 'callback' | 'refresh' | 'relay';
  signedIn: boolean;
  hop: number;
  returnTo: string;
  scope?: Scope;
  app?: App;
  retryHref?: string;
}

type PageStatus = 400 | 403 | 404 | 431 | 500 | 502 | 504;

/** `endSession`: the session's tokens are dead, so its cookie is cleared with the answer. */
type Outcome =
  | { type: 'onward' }
  | { type: 'sign-in-again'; endSession?: true }
  | { type: 'page'; status: PageStatus; page: FailurePageId; endSession?: true };

const page = (status: PageStatus, id: FailurePageId, endSession?: true): Outcome =>
  endSession ? { type: 'page', status, page: id, endSession } : { type: 'page', status, page: id };
const ONWARD: Outcome = { type: 'onward' };

const FIXED: Readonly<Record<Exclude<Failure['problem'], 'wechat' | 'denied' | 'bad-state'>, Outcome>> = {
  'bad-request': page(400, 'bad-request'),
  oversized: page(431, 'oversized'),
  configuration: page(500, 'misconfigured'),
  unexpected: page(500, 'unexpected'),
  'relay-off': page(404, 'not-found'),
  'qr-off': page(404, 'not-found'),
  // Whoever tried to sign in is not let in, and an earlier user's session on this browser ends too.
  'refused-by-app': page(403, 'sign-in-refused', true),
  'relay-refused': page(400, 'relay-refused'),
  'not-a-member': page(403, 'members-only'),
  'token-unavailable': page(502, 'wechat-busy'),
};
/** WeChat is busy or answered nonsense, did not answer, or refused the credentials (request.ts has logged why). */
const WECHAT_PAGES = {
  retry: page(502, 'wechat-busy'),
  timeout: page(504, 'wechat-timeout'),
  operator: page(500, 'misconfigured'),
} as const;

export function decide(failure: Failure, at: Situation): Outcome {
  if (failure.problem === 'denied') return at.signedIn && !failure.stateVerified ? ONWARD : page(403, 'denied');
  if (failure.problem === 'bad-state') return at.signedIn ? ONWARD : page(400, 'link-expired');
  if (failure.problem !== 'wechat') return FIXED[failure.problem];
  const { kind } = failure.error;
  // A doubled callback of a signed-in user carries on; the user's own sign-in gets one silent restart.
  if (kind === 'restart' && at.step === 'callback') {
    if (at.hop > 0) return page(400, 'link-expired');
    return at.signedIn ? ONWARD : { type: 'sign-in-again' };
  }
  if (kind !== 'restart' && kind !== 'expired' && kind !== 'reauth') return WECHAT_PAGES[kind];
  // The tokens are dead. In the callback they were issued a moment ago: asking again would repeat the same answer.
  // After the refresh route's renewal was refused, the session ends.
  if (at.step === 'callback') return page(400, 'link-expired');
  return at.hop < MAX_HOPS ? { type: 'sign-in-again', endSession: true } : page(400, 'link-expired', true);
}

/** /profile: renew an expired token, sign in again with dead ones, else the stored profile; within MAX_HOPS. */
export function decideOnProfile(
  failure: { problem: 'token-expired' } | { problem: 'wechat'; error: WeChatError },
  hop: number,
): 'renew' | 'sign-in-again' | 'stored-profile' {
  if (hop >= MAX_HOPS) return 'stored-profile';
  if (failure.problem === 'token-expired') return 'renew';
  const { kind } = failure.error;
  if (kind === 'expired') return 'renew';
  return kind === 'restart' || kind === 'reauth' ? 'sign-in-again' : 'stored-profile';
}

interface RequestSite {
  origin: string;
  /** https: cookies get `Secure` (and the state cookie `SameSite=None`). */
  secure: boolean;
  banner: string | null;
}

export function routeContext(request: Request): { env: Env; site: RequestSite } {
  const env = getEnv();
  const origin = resolveOrigin(request, env);
  return { env, site: { origin, secure: origin.startsWith('https://'), banner: backendFor(env).banner } };
}

export function failureOf(error: unknown): Failure {
  if (error instanceof WeChatError) return { problem: 'wechat', error };
  if (error instanceof StoreUnavailableError) return { problem: 'token-unavailable' };
  throw error;
}

/** A route's answer to a failure. `renewed`: the refresh route's renewed session, kept unless the failure ends it. */
export async function failureResponse(
  failure: Failure,
  at: Situation,
  site: RequestSite,
  renewed?: { session: Session; secret: string },
): Promise<NextResponse> {
  const outcome = decide(failure, at);
  const start = (hop?: number) => startPathFor(at.app ?? 'mp', { returnTo: at.returnTo, scope: at.scope, hop });
  let response: NextResponse;
  if (outcome.type === 'onward') response = landOn(`${site.origin}${at.returnTo}`);
  else if (outcome.type === 'sign-in-again') response = redirectResponse(`${site.origin}${start(at.hop + 1)}`, 302);
  else {
    const retryHref = at.retryHref ?? (at.step === 'refresh' ? refreshPath({ returnTo: at.returnTo }) : start());
    const links = { restartHref: start(), retryHref };
    response = failurePageResponse(outcome.page, { status: outcome.status, banner: site.banner, ...links });
  }
  if (outcome.type !== 'onward' && outcome.endSession) clearSessionCookie(response, site.secure);
  else if (renewed) await storeSession(response, renewed.session, { secret: renewed.secret, secure: site.secure });
  return response;
}

async function lastResort(failure: Failure, request: NextRequest): Promise<NextResponse> {
  const { pathname, search, searchParams } = request.nextUrl;
  // A one-time code or state must not sit in a link on the page; a callback is spent whatever it answers.
  const oneTime = searchParams.has('code') || searchParams.has('state');
  const retryHref = request.method === 'GET' && !oneTime ? `${pathname}${search}` : '/';
  const config = loadConfig();
  const secure = config.ok && resolveOrigin(request, config.env).startsWith('https://');
  const at = { step: 'start', signedIn: false, hop: 0, returnTo: PROFILE_PATH, retryHref } as const;
  const response = await failureResponse(failure, at, { origin: '', secure, banner: null });
  if (oneTime && config.ok) clearStateCookie(response, secure);
  return response;
}

/** Every route handler's last defence: the zh-CN apology page, never Next's bare 500 or a stack trace. */
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
      const name = error instanceof Error ? error.name : typeof error;
      console.error(JSON.stringify({ event: 'unexpected_error', error: name }));
      return lastResort({ problem: 'unexpected' }, request);
    }
  };
}
