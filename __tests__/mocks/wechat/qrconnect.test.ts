/** The mock's second app: the Open Platform website app and its QR page (WECHAT-PROTOCOL §17). */
import { PERSONAS } from '@/mocks/wechat/personas';
import { APP_ID, CALLBACK, OAUTH, newFake, sns, userInfo, type WeChatBody } from './fake';
import type { FakeWeChat } from '@/mocks/wechat/fake-wechat';

const WEBSITE = { appId: 'wx0000websiteapp01', appSecret: 'mock-test-website-secret' };
const websiteFake = () => newFake({ websiteApp: WEBSITE });

const qrPairs = (appid = WEBSITE.appId, scope = 'snsapi_login'): Array<[string, string]> => [
  ['appid', appid],
  ['redirect_uri', CALLBACK],
  ['response_type', 'code'],
  ['scope', scope],
  ['state', 'State123'],
];

const qrPage = (fake: FakeWeChat, pairs = qrPairs()) =>
  fake.handle(new Request(`${OAUTH}/connect/qrconnect?${new URLSearchParams(pairs)}`));

function confirm(fake: FakeWeChat, choices: Record<string, string>, pairs = qrPairs()): Promise<Response> {
  return fake.handle(
    new Request(`${OAUTH}/connect/qrconnect/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([...pairs, ...Object.entries(choices)]).toString(),
    }),
  );
}

const codeOf = (response: Response) => new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '';
const exchangeAs = (fake: FakeWeChat, code: string, app: { appId: string; appSecret: string }): Promise<WeChatBody> =>
  sns(fake, 'sns/oauth2/access_token', {
    appid: app.appId,
    secret: app.appSecret,
    code,
    grant_type: 'authorization_code',
  });

describe('the mock website app’s QR page (connect/qrconnect)', () => {
  it('shows a QR-like panel with 模拟扫码并确认 and 取消, the personas but the snapshot one, and issues nothing yet', async () => {
    const fake = websiteFake();
    const response = await qrPage(fake);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toMatch(/<div class="qrconnect__code" role="img" aria-label="模拟的登录二维码"><svg /);
    expect(html).toMatch(/<button[^>]*value="allow"[^>]*>模拟扫码并确认<\/button>/);
    expect(html).toMatch(/<button[^>]*value="deny"[^>]*>取消<\/button>/);
    expect(html).toContain('<form method="post" action="qrconnect/confirm">');
    expect(html).toContain('name="persona" value="full"');
    expect(html).not.toContain('name="persona" value="snapshot"');
    expect(fake.size()).toBe(0);
  });

  it.each([
    ['the service account’s AppID', qrPairs(APP_ID), '10005'],
    ['another scope than snsapi_login', qrPairs(WEBSITE.appId, 'snsapi_userinfo'), '10005'],
    ['parameters out of order', [...qrPairs()].reverse(), '10005'],
    ['no state', qrPairs().slice(0, 4), '10013'],
  ])('answers %s with WeChat’s error page', async (_name, pairs, errcode) => {
    const html = await (await qrPage(websiteFake(), pairs)).text();
    expect(html).toContain(`错误码:${errcode}`);
  });

  it('knows no QR page when the fake has no website app', async () => {
    expect(await (await qrPage(newFake())).text()).toContain('错误码:10005');
  });

  it('after 模拟扫码并确认, sends the browser (303) back with a code that only the website app’s credentials redeem', async () => {
    const fake = websiteFake();
    const response = await confirm(fake, { persona: 'full', decision: 'allow' });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('state')).toBe('State123');
    const code = codeOf(response);
    expect(await exchangeAs(fake, code, { appId: APP_ID, appSecret: 'mock-test-app-secret' })).toMatchObject({
      errcode: 40029,
    });
    const other = codeOf(await confirm(fake, { persona: 'full', decision: 'allow' }));
    expect(await exchangeAs(fake, other, { ...WEBSITE, appSecret: 'wrong-secret' })).toMatchObject({ errcode: 40125 });
  });

  it('gives the website app its own openid for a persona, the same unionid, and a token that reads the profile', async () => {
    const fake = websiteFake();
    const full = PERSONAS.find((p) => p.id === 'full')!;
    const token = await exchangeAs(fake, codeOf(await confirm(fake, { persona: 'full', decision: 'allow' })), WEBSITE);
    expect(token).toMatchObject({ openid: full.websiteOpenid, unionid: full.unionid, scope: 'snsapi_login' });
    expect(full.websiteOpenid).not.toBe(full.openid);
    const info = await userInfo(fake, String(token.access_token), String(token.openid));
    expect(info).toMatchObject({ openid: full.websiteOpenid, unionid: full.unionid, nickname: full.nickname });
  });

  it('renews a website-app token only with the website app’s AppID', async () => {
    const fake = websiteFake();
    const token = await exchangeAs(fake, codeOf(await confirm(fake, { persona: 'full', decision: 'allow' })), WEBSITE);
    const renew = (appid: string) =>
      sns(fake, 'sns/oauth2/refresh_token', {
        appid,
        grant_type: 'refresh_token',
        refresh_token: String(token.refresh_token),
      });
    expect(await renew(APP_ID)).toMatchObject({ errcode: 40030 });
    expect(await renew(WEBSITE.appId)).toMatchObject({ openid: PERSONAS[0]?.websiteOpenid });
  });

  it('after 取消, sends the browser back with the state and no code (the documented refusal), issuing nothing', async () => {
    const fake = websiteFake();
    const response = await confirm(fake, { persona: 'full', decision: 'deny' });
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('state')).toBe('State123');
    expect(location.searchParams.has('code')).toBe(false);
    expect(fake.size()).toBe(0);
  });

  it('gives every persona a website-app openid of its own, different from its service-account openid', () => {
    const ids = PERSONAS.map((p) => p.websiteOpenid);
    expect(new Set([...ids, ...PERSONAS.map((p) => p.openid)]).size).toBe(PERSONAS.length * 2);
  });
  it('after a 「code 无效」 answer, the QR page the silent restart lands on says what happened, once', async () => {
    const fake = websiteFake();
    const confirmed = await confirm(fake, { persona: 'full', fault: 'invalid-code', decision: 'allow' });
    const cookie = (confirmed.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const again = (cookieHeader: string) =>
      fake.handle(
        new Request(`${OAUTH}/connect/qrconnect?${new URLSearchParams(qrPairs())}`, {
          headers: { cookie: cookieHeader },
        }),
      );
    expect(await (await again(cookie)).text()).toContain('刚才模拟了「code 无效（errcode 40029）」');
    expect(await (await again('')).text()).not.toContain('刚才模拟了');
  });
});
