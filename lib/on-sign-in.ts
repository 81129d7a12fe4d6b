import 'server-only';
import type { StoredMember, StoredProfile } from '@/lib/session/session';

/** A completed sign-in, as the callback tells the app about it. */
type SignIn = WeChatSignIn | WeComSignIn;

interface WeChatSignIn {
  /** `mp`: the service account, in WeChat; `open`: the website app, a QR scan in a desktop browser. */
  app: 'mp' | 'open';
  /** The user's id in that app: the same person has a different openid in each app (WECHAT-PROTOCOL §17). */
  openid: string;
  /** The same in every app bound to one Open Platform account: what joins a user's openids. */
  unionid?: string;
  /** When the sign-in fetched it (not with snsapi_base). */
  profile?: StoredProfile;
  /** A snapshot user's identity is virtual (WECHAT-PROTOCOL §3): nothing is announced for one. */
  snapshot: false;
}

/** A member of the WeCom corp, in WeCom's browser or by its web login (WECHAT-PROTOCOL §19). */
interface WeComSignIn {
  app: 'wecom';
  /** The member's account in the corp (账号). */
  userid: string;
  /** Name and position; avatar, gender, email and the masked mobile only with snsapi_privateinfo. */
  member: StoredMember;
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
