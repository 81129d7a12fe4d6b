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

const StateSchema = z.object({
  state: z.string().regex(/^[A-Za-z0-9]{32}$/),
  returnTo: z.string(),
  app: AppSchema.default('mp'),
  scope: ScopeSchema,
  hop: z.number().int().min(0),
});
type StatePayload = z.infer<typeof StateSchema>;

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

function sealState(payload: StatePayload, secret: string): Promise<string> {
  return seal(payload, secret, 'state', STATE_MAX_AGE);
}

/** `bind` sets the cookie that ties the state to this browser. */
export async function createState(
  payload: Omit<StatePayload, 'state'>,
  { secret, secure }: { secret: string; secure: boolean },
): Promise<{ state: string; bind(response: NextResponse): NextResponse }> {
  const state = generateState();
  const sealed = await sealState({ ...payload, state }, secret);
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
): Promise<StatePayload | null> {
  if (!echoedState) return null;
  const payload = await unseal(cookieValue, secret, 'state', StateSchema);
  if (!payload) return null;
  const expected = Buffer.from(payload.state);
  const actual = Buffer.from(echoedState);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? payload : null;
}

interface ConsumedState {
  /** This browser's own, for the state WeChat echoed, for an app this deployment can act for. */
  verified: boolean;
  returnTo: string;
  hop: number;
  scope?: Scope;
  app: App;
  /** A state is good for one callback, whatever it answers. */
  spend(response: NextResponse): NextResponse;
}

/** A QR sign-in begun before WECHAT_OPEN_APPID was removed counts as unverified; a new start goes through mp. */
export async function consumeState(request: NextRequest, env: Env, secure: boolean): Promise<ConsumedState> {
  const echoed = request.nextUrl.searchParams.get('state');
  const found = await verifyState(request.cookies.get(STATE_COOKIE)?.value, echoed, env.sessionSecret);
  const verified = found !== null && canActFor(env, found.app);
  return {
    returnTo: found?.returnTo ?? PROFILE_PATH,
    hop: found?.hop ?? 0,
    scope: found?.scope,
    app: verified && found ? found.app : 'mp',
    verified,
    spend(response) {
      clearStateCookie(response, secure);
      return response;
    },
  };
}
