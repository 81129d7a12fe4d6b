import { sealSession, sessionFromTokens } from '@/lib/session/session';
import type { Session, WeChatSession } from '@/lib/session/session';
import { createWeChatClient } from '@/lib/wechat/client';
import type { FakeWeChat } from '@/mocks/wechat/fake-wechat';
import type { PersonaId } from '@/mocks/wechat/personas';
import { TEST_API_BASE, TEST_APP_ID, TEST_APP_SECRET, TEST_OAUTH_BASE, TEST_SESSION_SECRET } from './env';

export const testClient = () =>
  createWeChatClient({
    appId: TEST_APP_ID,
    appSecret: TEST_APP_SECRET,
    oauthBaseUrl: TEST_OAUTH_BASE,
    apiBaseUrl: TEST_API_BASE,
    timeoutMs: 1000,
    lang: 'zh_CN',
    log: () => undefined,
  });

/** A real session, as the callback would store it, for a persona signed in through the fake. */
export async function sessionFor(
  fake: FakeWeChat,
  persona: PersonaId = 'full',
  changes: Partial<WeChatSession> = {},
): Promise<WeChatSession> {
  const client = testClient();
  const token = await client.exchangeCode(fake.issueCode(persona));
  const info = await client.getUserInfo(token.access_token, token.openid);
  fake.resetCalls();
  return { ...sessionFromTokens(token, info, 'snsapi_userinfo'), ...changes };
}

export async function sessionCookie(session: Session): Promise<string> {
  return `wx_session=${await sealSession(session, TEST_SESSION_SECRET)}`;
}

/** The service account's or the website app's session, for the tests that read its tokens and profile. */
export function asWeChat(session: Session | null): WeChatSession | null {
  if (session?.app === 'wecom') throw new Error('expected a WeChat session, found a WeCom member’s');
  return session;
}
