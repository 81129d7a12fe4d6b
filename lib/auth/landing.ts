import 'server-only';
import { PROFILE_PATH, qrSignInPath, signInPath } from './links';

/** What the landing page offers, top to bottom. */
export type LandingBlock =
  /** 查看我的微信资料: `ask` adds the line that says WeChat will ask first (a sign-in, not yet a session). */
  | { kind: 'profile'; href: string; ask: boolean }
  /** 微信扫码登录, through the website app (WECHAT-PROTOCOL §17). */
  | { kind: 'qr-sign-in'; href: string; primary: boolean }
  /** 请在微信中打开: the QR code and the link of the page. */
  | { kind: 'open-in-wechat' };

export interface Visitor {
  inWeChat: boolean;
  /** The built-in mock signs in any browser. */
  mock: boolean;
  signedIn: boolean;
  /** A website app is configured (WECHAT_OPEN_APPID, or the mock's own). */
  qrSignIn: boolean;
  /** A phone's browser: it cannot show a QR code to its own camera, so opening in WeChat comes first. */
  phone: boolean;
}

/**
 * Only what can be done where the visitor is (WECHAT-PROTOCOL §12). Outside WeChat without the mock, a sign-in
 * through the service account cannot start, so there is no button into it: the page offers the QR sign-in
 * (desktop first) and the page's own QR code to open in WeChat (phone first).
 */
export function landingBlocks({ inWeChat, mock, signedIn, qrSignIn, phone }: Visitor): LandingBlock[] {
  const canAuthorize = inWeChat || mock;
  const profile: LandingBlock[] =
    signedIn || canAuthorize ? [{ kind: 'profile', href: signedIn ? PROFILE_PATH : signInPath(), ask: !signedIn }] : [];
  if (inWeChat) return profile;
  const offerQr = qrSignIn && !signedIn;
  const qr: LandingBlock[] = offerQr
    ? [{ kind: 'qr-sign-in', href: qrSignInPath(), primary: profile.length === 0 && !phone }]
    : [];
  const open: LandingBlock[] = mock ? [] : [{ kind: 'open-in-wechat' }];
  return phone ? [...profile, ...open, ...qr] : [...profile, ...qr, ...open];
}
