import { GET as start } from '@/app/auth/wechat/route';
import { GET as callback } from '@/app/auth/wechat/callback/route';
import { GET as refresh } from '@/app/auth/wechat/refresh/route';
import { unsealSession } from '@/lib/session/session';
import type { Session } from '@/lib/session/schema';
import { PERSONAS, type Persona } from '@/mocks/wechat/personas';
import { setupFakeWeChat } from '../support/fake-wechat-server';
import { TEST_OAUTH_BASE, TEST_ORIGIN, TEST_SESSION_SECRET } from '../support/env';
import { request } from '../support/requests';

const { fake } = setupFakeWeChat();
const BROWSERS = 60;

/** One browser: its own cookie jar, nothing else. */
class Browser {
  private readonly jar = new Map<string, string>();
  constructor(readonly persona: Persona) {}

  cookie(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  take(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) this.jar.delete(name);
      else this.jar.set(name, pair.slice(at + 1));
    }
    return response;
  }

  session(): Promise<Session | null> {
    return unsealSession(this.jar.get('wx_session'), TEST_SESSION_SECRET);
  }
}

const pause = () => new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5)));

/** The whole round trip a WeChat user makes: our start route, WeChat's consent sheet, our callback. */
async function signIn(browser: Browser): Promise<void> {
  const started = browser.take(await start(request('/auth/wechat?returnTo=%2Fprofile', { cookie: browser.cookie() })));
  const authorize = new URL(started.headers.get('location') ?? '');
  expect(authorize.origin).toBe(TEST_OAUTH_BASE);
  await pause();
  const form = new URLSearchParams(authorize.search);
  form.set('persona', browser.persona.id);
  form.set('decision', 'allow');
  const consent = await fake().handle(
    new Request(`${TEST_OAUTH_BASE}/connect/oauth2/authorize/confirm`, {
      method: 'POST',
      body: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
  );
  const back = new URL(consent.headers.get('location') ?? '');
  await pause();
  const done = browser.take(await callback(request(`${back.pathname}${back.search}`, { cookie: browser.cookie() })));
  expect(done.status).toBe(303);
}

function expectOwnIdentity(browser: Browser, session: Session | null): void {
  const { persona } = browser;
  if (persona.snapshot) expect(session?.openid).toMatch(/^oSnap/);
  else expect(session?.openid).toBe(persona.openid);
  expect(session?.profile?.nickname).toBe(persona.nickname);
}

describe('no identity crossing', () => {
  it(`${BROWSERS} browsers signing in as different personas at once each end up as themselves`, async () => {
    const browsers = Array.from({ length: BROWSERS }, (_, i) => new Browser(PERSONAS[i % PERSONAS.length] as Persona));
    await Promise.all(browsers.map(signIn));
    for (const browser of browsers) expectOwnIdentity(browser, await browser.session());
    const snapshotIds = await Promise.all(
      browsers.filter((b) => b.persona.snapshot).map(async (b) => (await b.session())?.openid),
    );
    expect(new Set(snapshotIds).size).toBe(snapshotIds.length);
  });

  it('concurrent token refreshes and profile fetches return each browser its own profile', async () => {
    const browsers = Array.from(
      { length: BROWSERS },
      (_, i) => new Browser(PERSONAS[(i * 7) % PERSONAS.length] as Persona),
    );
    await Promise.all(browsers.map(signIn));
    const before = await Promise.all(browsers.map((b) => b.session()));
    await Promise.all(
      browsers.map(async (browser) => {
        await pause();
        const response = browser.take(
          await refresh(request('/auth/wechat/refresh?returnTo=%2Fprofile&expired=1', { cookie: browser.cookie() })),
        );
        expect(response.status).toBe(303);
        expect(response.headers.get('location')).toBe(`${TEST_ORIGIN}/profile`);
      }),
    );
    for (const [i, browser] of browsers.entries()) {
      const session = await browser.session();
      expectOwnIdentity(browser, session);
      expect(session?.openid).toBe(before[i]?.openid);
      expect(session?.accessToken).not.toBe(before[i]?.accessToken);
    }
  });

  it('one browser’s state cookie never completes another browser’s callback', async () => {
    const [alice, bob] = [new Browser(PERSONAS[0] as Persona), new Browser(PERSONAS[1] as Persona)];
    alice.take(await start(request('/auth/wechat?returnTo=%2Fprofile')));
    const bobStart = bob.take(await start(request('/auth/wechat?returnTo=%2Fprofile')));
    const bobState = new URL(bobStart.headers.get('location') ?? '').searchParams.get('state');
    const code = fake().issueCode(bob.persona.id);
    const response = await callback(
      request(`/auth/wechat/callback?code=${code}&state=${bobState}`, { cookie: alice.cookie() }),
    );
    expect(response.status).toBe(400);
    expect(alice.take(response) && (await alice.session())).toBeNull();
  });
});
