import 'server-only';
import type { Session } from '@/lib/session/session';
import type { App, Scope } from '@/lib/wechat/schemas';

export const PROFILE_PATH = '/profile';
export const CALLBACK_PATH = '/auth/wechat/callback';

/** Redirects the app starts by itself (sign-ins, renewals) form a chain; past MAX_HOPS it ends on a page. */
export const MAX_HOPS = 3;
export const HOP_PARAMETER = /^[0-9]$/;

/** The hop of the chain that last wrote this session, or 0 when that was over a minute ago. */
export function sessionHop(session: Session): number {
  return Date.now() / 1000 - session.chain.at < 60 ? session.chain.hop : 0;
}

type Start = { returnTo?: string; scope?: Scope; hop?: number };

function startLink(path: string, { returnTo = PROFILE_PATH, scope, hop = 0 }: Start): string {
  const params = new URLSearchParams(scope ? { scope } : {});
  params.set('returnTo', returnTo);
  if (hop > 0) params.set('hop', String(hop));
  return `${path}?${params}`;
}

export const signInPath = (start: Start = {}) => startLink('/auth/wechat', start);
export const qrSignInPath = ({ returnTo, hop }: Start = {}) => startLink('/auth/wechat/qr', { returnTo, hop });
// WECHAT-PROTOCOL §19: in WeCom's browser this start authorizes in place, elsewhere it is WeCom's web login.
const weComSignInPath = ({ returnTo, hop }: Start = {}) => startLink('/auth/wecom/qr', { returnTo, hop });
export const startPathFor = (app: App, start: Start = {}) =>
  ({ mp: signInPath, open: qrSignInPath, wecom: weComSignInPath })[app](start);
export const refreshPath = ({ returnTo, hop }: Start = {}) => startLink('/auth/wechat/refresh', { returnTo, hop });

/** The landing page, carrying returnTo for its button: the link the app hands out, never one that signs in on open. */
export const landingPath = (returnTo: string) =>
  returnTo === PROFILE_PATH ? '/' : `/?${new URLSearchParams({ returnTo })}`;

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\\\ufffd]/;
// Paths that would start authorization again (a loop) or land on the mock WeChat.
const FORBIDDEN = /^\/(auth|mock-wechat)([/?]|$)/i;

function decodeFully(value: string): string | null {
  let current = value;
  for (let i = 0; i < 4; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}

const BASE = 'http://return-to.invalid';
// Sealed into the state cookie, so checked again once normalised: percent-encoding makes each non-ASCII character 6-12.
const MAX_RETURN_TO_LENGTH = 512;
const isSafe = (path: string) => path.startsWith('/') && !path.startsWith('//') && !UNSAFE.test(path);
const isAllowed = (path: string) => isSafe(path) && !FORBIDDEN.test(path);
const passes = (path: string, test: (p: string) => boolean) => {
  const decoded = decodeFully(path);
  return decoded !== null && test(path) && test(decoded);
};

/** A same-site path, or PROFILE_PATH: checked as given, fully decoded and as a URL parser normalises it. */
export function sanitizeReturnTo(value: string | null | undefined): string {
  if (!value || value.length > MAX_RETURN_TO_LENGTH || !passes(value, isSafe) || !URL.canParse(value, BASE))
    return PROFILE_PATH;
  const url = new URL(value, BASE);
  const path = `${url.pathname}${url.search}`;
  const fits = path.length <= MAX_RETURN_TO_LENGTH;
  return url.origin === BASE && fits && passes(path, isAllowed) ? path : PROFILE_PATH;
}

type LandingBlock =
  | { kind: 'profile'; href: string; ask: boolean }
  | { kind: 'qr-sign-in'; href: string; primary: boolean; phone: boolean }
  | { kind: 'wecom-sign-in'; href: string }
  | { kind: 'open-in-wechat'; path: string };

/** WECHAT-PROTOCOL §12: only what works where the visitor is; a phone cannot scan its own screen. */
export function landingBlocks(visitor: {
  inWeChat: boolean;
  signsInAnyBrowser: boolean;
  signedIn: boolean;
  qrSignIn: boolean;
  /** WeCom's web login is configured (WECHAT-PROTOCOL §19.4): offered on a desktop. */
  weComSignIn?: boolean;
  phone: boolean;
  returnTo: string;
}): LandingBlock[] {
  const { inWeChat, signsInAnyBrowser, signedIn, qrSignIn, weComSignIn, phone, returnTo } = visitor;
  const profile: LandingBlock[] =
    signedIn || inWeChat || signsInAnyBrowser
      ? [{ kind: 'profile', href: signedIn ? returnTo : signInPath({ returnTo }), ask: !signedIn }]
      : [];
  if (inWeChat) return profile;
  // On a phone the QR sign-in needs a second device's WeChat: offered only when nothing else signs in here.
  const qr: LandingBlock[] =
    qrSignIn && !signedIn && !(phone && profile.length)
      ? [{ kind: 'qr-sign-in', href: qrSignInPath({ returnTo }), primary: !profile.length && !phone, phone }]
      : [];
  if (weComSignIn && !signedIn && !phone) qr.push({ kind: 'wecom-sign-in', href: weComSignInPath({ returnTo }) });
  const open: LandingBlock[] = signsInAnyBrowser ? [] : [{ kind: 'open-in-wechat', path: landingPath(returnTo) }];
  return phone ? [...profile, ...open, ...qr] : [...profile, ...qr, ...open];
}
