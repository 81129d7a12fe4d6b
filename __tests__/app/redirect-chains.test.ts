/**
 * CONTRACT, failures: "any chain of redirects the app starts | bounded: whatever WeChat keeps answering, the
 * browser ends on a page within a few hops, never in a loop". Each test walks a phone's browser through the
 * route handlers and the /profile page while a WeChat double keeps failing, and counts the hops.
 */
import { MAX_HOPS } from '@/lib/auth/links';
import { createBrowser } from '../support/browser';
import { fakeClock } from '../support/clock';
import { setupFakeWeChat } from '../support/fake-wechat-server';
import { answerWith, plain } from '../support/wechat-answers';

// Read by lib/env at the first request: every view after the sign-in's own asks WeChat again.
process.env.PROFILE_TTL_SECONDS = '0';

const { fake, server, useFake } = setupFakeWeChat();
const clock = fakeClock();
/** A slow phone network: every redirect takes 6 s, longer than the "same navigation" grace of the profile page. */
const slowly = { beforeEach: () => clock.advance(6_000) };

beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));

describe('a WeChat whose access tokens live 30 s, so each one counts as expired as soon as it is stored', () => {
  it(`renews at most ${MAX_HOPS} times in a row, then shows the stored profile instead of looping`, async () => {
    useFake({ accessTokenTtlSeconds: 30 });
    const browser = createBrowser(fake);
    expect((await browser.visit('/profile')).landing).toMatchObject({ kind: 'profile', shown: { kind: 'full' } });
    fake().resetCalls();

    const walk = await browser.visit('/profile', slowly);

    expect(walk.landing).toMatchObject({ kind: 'profile', shown: { kind: 'full', view: { nickname: '张小明' } } });
    expect(walk.hops).toEqual(
      [1, 2, 3].flatMap((hop) => [`/auth/wechat/refresh?returnTo=%2Fprofile&hop=${hop}`, '/profile']),
    );
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/refresh_token': MAX_HOPS, 'sns/oauth2/access_token': 0 });
  });
});

describe('a WeChat that refuses the token at /profile (48001) and every code at the callback (40029)', () => {
  it('goes through WeChat once, then ends on the 授权已失效 page instead of carrying on to /profile', async () => {
    const browser = createBrowser(fake);
    await browser.visit('/profile');
    answerWith(server, 'sns/userinfo', () => plain('{"errcode":48001,"errmsg":"api unauthorized"}'));
    answerWith(server, 'sns/oauth2/access_token', () => plain('{"errcode":40029,"errmsg":"invalid code"}'));

    const walk = await browser.visit('/profile', slowly);

    expect(walk.hops).toHaveLength(3);
    expect(walk.hops[0]).toBe('/auth/wechat?returnTo=%2Fprofile&hop=1');
    expect(walk.landing.kind).toBe('page');
    const page = walk.landing.kind === 'page' ? walk.landing.response : new Response();
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('授权链接已失效');
  });
});

describe('a WeChat that refuses every code at the callback (40029) for a user who is not signed in', () => {
  it('restarts silently once, then ends on the 授权已失效 page', async () => {
    const browser = createBrowser(fake);
    answerWith(server, 'sns/oauth2/access_token', () => plain('{"errcode":40029,"errmsg":"invalid code"}'));

    const walk = await browser.visit('/profile');

    expect(walk.hops.filter((hop) => hop.startsWith('/auth/wechat?'))).toEqual([
      '/auth/wechat?returnTo=%2Fprofile',
      '/auth/wechat?scope=snsapi_userinfo&returnTo=%2Fprofile&hop=1',
    ]);
    expect(walk.landing.kind === 'page' && walk.landing.response.status).toBe(400);
  });
});
