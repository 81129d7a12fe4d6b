import 'server-only';
import type { StoredProfile } from '@/lib/session/session';
import type { App } from '@/lib/wechat/schemas';

/** A completed sign-in, as the callback tells the app about it. */
export interface SignIn {
  /** `mp`: the service account, in WeChat; `open`: the website app, a QR scan in a desktop browser. */
  app: App;
  /** The user's id in that app: the same person has a different openid in each app (WECHAT-PROTOCOL §17). */
  openid: string;
  /** The same in every app bound to one Open Platform account: what joins a user's openids. Absent when unbound. */
  unionid?: string;
  /** Nickname, avatar and the rest, when the sign-in fetched them (not with snsapi_base). */
  profile?: StoredProfile;
  /** Always false: a snapshot user's identity is virtual (WECHAT-PROTOCOL §3), so nothing is announced for one. */
  snapshot: false;
}

/**
 * Throw this from onSignIn to turn the sign-in away: the user gets no session and sees an apology page
 * (e.g. when the user must be saved before anything else works and the database is down).
 */
export class RefuseSignIn extends Error {
  // Spelled out: the production minifier renames classes.
  override readonly name = 'RefuseSignIn';
}

/**
 * The one place where an app saves its user (README, "Saving the user"). The callback awaits it once per
 * completed sign-in, after WeChat has answered and before the session cookie is set; never for a snapshot user.
 * Key the user by `app` + `openid`; `unionid`, when present, is the same person in the other app.
 *
 * Whatever else it throws is logged (the error's name, never a token) and the sign-in carries on; throw
 * RefuseSignIn instead to stop it. It runs inside the callback's request, so keep it quick.
 *
 * A no-op by default.
 */
export async function onSignIn(signIn: SignIn): Promise<void> {
  void signIn;
}
