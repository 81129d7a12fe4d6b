import 'server-only';
import type { Session } from '@/lib/session/session';
import type { App, Scope } from '@/lib/wechat/schemas';

export const PROFILE_PATH = '/profile';
/** The redirect_uri WeChat sends the user back to, on this deployment's origin. */
export const CALLBACK_PATH = '/auth/wechat/callback';

/**
 * Every redirect the app starts by itself into a sign-in or a renewal is one hop of a chain. The hop count travels
 * in the /auth/wechat and refresh URLs, the sealed state and the session; past MAX_HOPS the chain ends on a page,
 * whatever WeChat keeps answering.
 */
export const MAX_HOPS = 3;
// A chain is redirects that follow each other at once; a session written longer ago than this starts a new one.
const CHAIN_WINDOW_SECONDS = 60;

/** The shape the routes' query guard requires of `hop=`: one digit. */
export const HOP_PARAMETER = /^[0-9]$/;

/** The hop a `hop=` query parameter names (the route's guard has checked it against HOP_PARAMETER). */
export function hopFromQuery(value: string | null): number {
  return value === null ? 0 : Number(value);
}

/** The hop of the chain that last wrote this session, or 0 when that was not moments ago. */
export function sessionHop(session: Session): number {
  return Math.floor(Date.now() / 1000) - session.chain.at < CHAIN_WINDOW_SECONDS ? session.chain.hop : 0;
}

type Start = { returnTo?: string; scope?: Scope; hop?: number };

function startLink(path: string, { returnTo = PROFILE_PATH, scope, hop = 0 }: Start): string {
  const params = new URLSearchParams();
  if (scope) params.set('scope', scope);
  params.set('returnTo', returnTo);
  if (hop > 0) params.set('hop', String(hop));
  return `${path}?${params.toString()}`;
}

/** /auth/wechat: starts a sign-in. `hop` > 0 marks one the app started by itself. */
export function signInPath(start: Start = {}): string {
  return startLink('/auth/wechat', start);
}

/** /auth/wechat/qr: a sign-in through the website app; it has one scope, so none is named. */
export function qrSignInPath({ returnTo, hop }: Start = {}): string {
  return startLink('/auth/wechat/qr', { returnTo, hop });
}

/** Where a sign-in through `app` starts (again). */
export function startPathFor(app: App, start: Start = {}): string {
  return app === 'open' ? qrSignInPath(start) : signInPath(start);
}

/** /auth/wechat/refresh: renews the access token with the refresh token and fetches the profile again. */
export function refreshPath({ returnTo, hop }: { returnTo?: string; hop?: number } = {}): string {
  return startLink('/auth/wechat/refresh', { returnTo, hop });
}

const MAX_RETURN_TO_LENGTH = 512;
const BASE = 'http://return-to.invalid';
// Paths that would start authorization again (a loop) or land on the mock WeChat.
const FORBIDDEN_PREFIXES = ['/auth/', '/auth?', '/mock-wechat/', '/mock-wechat?'];

function hasUnsafeCharacters(value: string): boolean {
  return /[\u0000-\u001f\u007f-\u009f\\\ufffd]/.test(value);
}

/** Undoes percent-encoding completely; null when a layer is broken or there are more than three. */
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

function isSameSitePath(value: string): boolean {
  return value.startsWith('/') && !value.startsWith('//') && !hasUnsafeCharacters(value);
}

function isForbidden(path: string): boolean {
  const lower = path.toLowerCase();
  return lower === '/auth' || lower === '/mock-wechat' || FORBIDDEN_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/**
 * A same-site path, or PROFILE_PATH. Rejects schemes, `//`, backslashes, whitespace and control
 * characters, in the value as given, fully decoded and as a URL parser normalises it, and paths back into /auth/.
 */
export function sanitizeReturnTo(value: string | null | undefined): string {
  if (!value || value.length > MAX_RETURN_TO_LENGTH) return PROFILE_PATH;
  const decoded = decodeFully(value);
  if (decoded === null || !isSameSitePath(value) || !isSameSitePath(decoded)) return PROFILE_PATH;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return PROFILE_PATH;
  }
  if (url.origin !== BASE) return PROFILE_PATH;
  const path = `${url.pathname}${url.search}`;
  const decodedPath = decodeFully(path);
  if (decodedPath === null || !isSameSitePath(path) || !isSameSitePath(decodedPath)) return PROFILE_PATH;
  if (isForbidden(path) || isForbidden(decodedPath)) return PROFILE_PATH;
  return path;
}

/** What the landing page offers, top to bottom. */
export type LandingBlock =
  /** 查看我的微信资料: `ask` adds the line that says WeChat will ask first (a sign-in, not yet a session). */
  | { kind: 'profile'; href: string; ask: boolean }
  /** 微信扫码登录, through the website app (WECHAT-PROTOCOL §17). */
  | { kind: 'qr-sign-in'; href: string; primary: boolean }
  /** 请在微信中打开: the QR code and the link of the page. */
  | { kind: 'open-in-wechat' };

interface Visitor {
  inWeChat: boolean;
  signsInAnyBrowser: boolean;
  signedIn: boolean;
  /** A website app is configured (WECHAT_OPEN_APPID, or the mock's own). */
  qrSignIn: boolean;
  /** A phone's browser: it cannot show a QR code to its own camera, so opening in WeChat comes first. */
  phone: boolean;
}

/**
 * Only what can be done where the visitor is (WECHAT-PROTOCOL §12). Where a sign-in through the service account
 * cannot start, there is no button into it: the page offers the QR sign-in (desktop first) and the page's own QR
 * code to open in WeChat (phone first).
 */
export function landingBlocks({ inWeChat, signsInAnyBrowser, signedIn, qrSignIn, phone }: Visitor): LandingBlock[] {
  const canAuthorize = inWeChat || signsInAnyBrowser;
  const profile: LandingBlock[] =
    signedIn || canAuthorize ? [{ kind: 'profile', href: signedIn ? PROFILE_PATH : signInPath(), ask: !signedIn }] : [];
  if (inWeChat) return profile;
  const offerQr = qrSignIn && !signedIn;
  const qr: LandingBlock[] = offerQr
    ? [{ kind: 'qr-sign-in', href: qrSignInPath(), primary: profile.length === 0 && !phone }]
    : [];
  const open: LandingBlock[] = signsInAnyBrowser ? [] : [{ kind: 'open-in-wechat' }];
  return phone ? [...profile, ...open, ...qr] : [...profile, ...qr, ...open];
}
