import 'server-only';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextRequest, NextResponse } from 'next/server';
import { z } from 'zod';
import { PROFILE_PATH } from '@/lib/auth/links';
import { canActFor, type Env } from '@/lib/env';
import { AppSchema, ScopeSchema, type App, type Scope } from '@/lib/wechat/schemas';
import { seal, unseal } from './seal';

export const STATE_COOKIE = 'wx_state';
const STATE_MAX_AGE = 10 * 60; // 10 minutes in seconds
/** Sign-ins started in this browser and not back yet (two tabs, a double tap, back and again): past this, the oldest goes. */
const MAX_PENDING = 4;
// Characters of JSON: three sign-ins with a 512-character returnTo fit (a sealed cookie of about 2.7 KB), a fourth
// drops the oldest; short ones fit four.
const MAX_PENDING_JSON = 2000;

const PendingSchema = z.object({
  state: z.string().regex(/^[A-Za-z0-9]{32}$/),
  returnTo: z.string(),
  app: AppSchema,
  scope: ScopeSchema,
  hop: z.number().int().min(0),
  exp: z.number().int(),
});
type Pending = z.infer<typeof PendingSchema>;
const StateCookieSchema = z.object({ pending: z.array(PendingSchema).max(MAX_PENDING) });

// WECHAT-PROTOCOL §11.3: iOS WebKit may withhold Lax cookies on the cross-site redirect back from WeChat.
function setStateCookie(response: NextResponse, value: string, secure: boolean, maxAge = STATE_MAX_AGE): void {
  response.cookies.set(STATE_COOKIE, value, {
    httpOnly: true,
    sameSite: secure ? 'none' : 'lax',
    path: '/auth/wechat',
    secure,
    maxAge,
  });
}

export function clearStateCookie(response: NextResponse, secure: boolean): void {
  setStateCookie(response, '', secure, 0);
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 32 of [A-Za-z0-9]: WeChat's state charset, well under its 128-byte limit (WECHAT-PROTOCOL §1.2). */
function generateState(): string {
  const bytes = randomBytes(32);
  let state = '';
  // 256 % 62 leaves a bias of under 2 %; rejection sampling keeps the distribution uniform.
  for (const byte of bytes) if (byte < 248) state += ALPHANUMERIC[byte % 62];
  return state.length >= 32 ? state.slice(0, 32) : state + generateState().slice(0, 32 - state.length);
}

const nowInSeconds = () => Math.floor(Date.now() / 1000);

async function readPending(cookieValue: string | undefined, secret: string): Promise<Pending[]> {
  const sealed = await unseal(cookieValue, secret, 'state', StateCookieSchema);
  const now = nowInSeconds();
  return sealed?.pending.filter((entry) => entry.exp > now) ?? [];
}

/** The newest MAX_PENDING that fit MAX_PENDING_JSON, and always the newest one. */
function sealPending(pending: Pending[], secret: string): Promise<string> {
  let kept = pending.slice(-MAX_PENDING);
  while (kept.length > 1 && JSON.stringify(kept).length > MAX_PENDING_JSON) kept = kept.slice(1);
  return seal({ pending: kept }, secret, 'state', STATE_MAX_AGE);
}

function findEchoed(pending: Pending[], echoed: string | null): Pending | null {
  if (!echoed) return null;
  const actual = Buffer.from(echoed);
  const matches = (entry: Pending) => {
    const expected = Buffer.from(entry.state);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  };
  return pending.find(matches) ?? null;
}

/** A new sign-in, added to those this browser has pending; `bind` sets the cookie that ties them to it. */
export async function createState(
  request: NextRequest,
  payload: Omit<Pending, 'state' | 'exp'>,
  { secret, secure }: { secret: string; secure: boolean },
): Promise<{ state: string; bind(response: NextResponse): NextResponse }> {
  const earlier = await readPending(request.cookies.get(STATE_COOKIE)?.value, secret);
  const state = generateState();
  const sealed = await sealPending([...earlier, { ...payload, state, exp: nowInSeconds() + STATE_MAX_AGE }], secret);
  return {
    state,
    bind(response) {
      setStateCookie(response, sealed, secure);
      return response;
    },
  };
}

export async function verifyState(
  cookieValue: string | undefined,
  echoedState: string | null,
  secret: string,
): Promise<Pending | null> {
  return findEchoed(await readPending(cookieValue, secret), echoedState);
}

interface ConsumedState {
  /** This browser's own, for the state WeChat echoed, for an app this deployment can act for. */
  verified: boolean;
  returnTo: string;
  hop: number;
  scope?: Scope;
  app: App;
  /** A state is good for one callback, whatever it answers; the other pending sign-ins stay. */
  spend(response: NextResponse): NextResponse;
}

/** A QR sign-in begun before WECHAT_OPEN_APPID was removed counts as unverified; a new start goes through mp. */
export async function consumeState(request: NextRequest, env: Env, secure: boolean): Promise<ConsumedState> {
  const pending = await readPending(request.cookies.get(STATE_COOKIE)?.value, env.sessionSecret);
  const found = findEchoed(pending, request.nextUrl.searchParams.get('state'));
  const rest = pending.filter((entry) => entry !== found);
  const resealed = rest.length > 0 ? await sealPending(rest, env.sessionSecret) : null;
  const verified = found !== null && canActFor(env, found.app);
  return {
    returnTo: found?.returnTo ?? PROFILE_PATH,
    hop: found?.hop ?? 0,
    scope: found?.scope,
    app: verified && found ? found.app : 'mp',
    verified,
    spend(response) {
      if (resealed) setStateCookie(response, resealed, secure);
      else clearStateCookie(response, secure);
      return response;
    },
  };
}
