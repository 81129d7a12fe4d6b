import 'server-only';
import type { StoredProfile } from '@/lib/session/session';
import type { App } from '@/lib/wechat/schemas';

/** A completed sign-in, as the callback tells the app about it. */
interface SignIn {
  /** `mp`: the service account, in WeChat; `open`: the website app, a QR scan in a desktop browser. */
  app: App;
  /** The user's id in that app: the same person has a different openid in each app (WECHAT-PROTOCOL §17). */
  openid: string;
  /** The same in every app bound to one Open Platform account: what joins a user's openids. */
  unionid?: string;
  /** When the sign-in fetched it (not with snsapi_base). */
  profile?: StoredProfile;
  /** A snapshot user's identity is virtual (WECHAT-PROTOCOL §3): nothing is announced for one. */
  snapshot: false;
}

/** Throw this from onSignIn to turn the sign-in away: no session, and an apology page. */
export class RefuseSignIn extends Error {
  // Spelled out: the production minifier renames classes.
  override readonly name = 'RefuseSignIn';
}

/** Where an app saves its user, once per sign-in before the cookie is set (docs/desktop-qr-and-hook.md). */
export async function onSignIn(signIn: SignIn): Promise<void> {
  void signIn;
}
