import 'server-only';
import type { Env } from '@/lib/env';
import { RefuseSignIn, onSignIn } from '@/lib/on-sign-in';
import { sessionFromTokens, type Session } from '@/lib/session';
import { scopesIncludeUserinfo, wechatClientFor, type App } from '@/lib/wechat';

/**
 * The code → token → (userinfo) exchange with the credentials of the app that started the sign-in. A WeChat
 * error is thrown for decide() to judge.
 */
export async function sessionForCode(
  env: Env,
  origin: string,
  code: string,
  { app, hop }: { app: App; hop: number },
): Promise<Session> {
  const client = await wechatClientFor(env, origin, app);
  const token = await client.exchangeCode(code);
  // The token's own scope decides, not the one asked for: userinfo with a base token is 48001 (WECHAT-PROTOCOL §6).
  const granted = scopesIncludeUserinfo(token.scope) ? 'snsapi_userinfo' : 'snsapi_base';
  const info = granted === 'snsapi_userinfo' ? await client.getUserInfo(token.access_token, token.openid) : null;
  return sessionFromTokens(token, info, granted, hop, app);
}

/**
 * Tells the app about a completed sign-in (lib/on-sign-in.ts), never about a snapshot user's. False when the app
 * turned it away; any other failure of the app's is logged and the sign-in keeps its session.
 */
export async function announceSignIn(session: Session): Promise<boolean> {
  if (session.snapshot) return true;
  const { app, openid, unionid, profile } = session;
  try {
    await onSignIn({ app, openid, ...(unionid ? { unionid } : {}), ...(profile ? { profile } : {}), snapshot: false });
    return true;
  } catch (error) {
    // By name as well: a second copy of the module (another bundle) has a class of its own.
    if (error instanceof RefuseSignIn || (error instanceof Error && error.name === 'RefuseSignIn')) return false;
    // The name only: a message may quote whatever the app had at hand, a token included.
    const name = error instanceof Error ? error.name : typeof error;
    console.error(JSON.stringify({ event: 'on_sign_in_failed', app, error: name }));
    return true;
  }
}
