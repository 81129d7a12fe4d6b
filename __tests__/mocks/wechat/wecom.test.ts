/** The mock's WeCom corp (WECHAT-PROTOCOL §19): its sheets, its faults and its cgi-bin calls. */
import { createFakeWeChat } from '@/mocks/wechat/fake-wechat';

const CORP = { corpId: 'wwmockcorp0001', agentId: '1000002', secret: 'mock-corp-secret' };
const BASE = 'https://qyapi.example.test';
const fake = () => createFakeWeChat({ appId: 'wxmockapp0000001', appSecret: 'app-secret', corp: CORP });
const CALLBACK = encodeURIComponent('https://app.example.test/auth/wechat/callback');
const authorize = (extra = `&agentid=${CORP.agentId}`) =>
  `${BASE}/connect/oauth2/authorize?appid=${CORP.corpId}&redirect_uri=${CALLBACK}&response_type=code&scope=snsapi_privateinfo&state=abc123${extra}#wechat_redirect`;
const json = async (response: Response) => (await response.json()) as Record<string, unknown>;

async function tokenOf(wecom: ReturnType<typeof fake>): Promise<string> {
  const answer = await json(
    await wecom.handle(new Request(`${BASE}/cgi-bin/gettoken?corpid=${CORP.corpId}&corpsecret=${CORP.secret}`)),
  );
  return String(answer.access_token);
}

describe('the mock WeCom', () => {
  it('shows its consent sheet for the corp’s authorize URL, with members, an outsider and its two faults', async () => {
    const html = await (await fake().handle(new Request(authorize()))).text();
    for (const text of ['张三', '企业成员：新应用，字段为空', '非企业成员', 'errcode 60020', 'errcode 40029'])
      expect(html).toContain(text);
  });

  it('refuses a missing agentid the way WeCom does', async () => {
    expect(await (await fake().handle(new Request(authorize('')))).text()).toContain('参数错误');
    expect(await (await fake().handle(new Request(authorize('&agentid=999')))).text()).toContain('无效的agentid参数');
  });

  it('serves the web login and sends the chosen member back with a code', async () => {
    const wecom = fake();
    const login = `${BASE}/wwlogin/sso/login?login_type=CorpApp&appid=${CORP.corpId}&agentid=${CORP.agentId}&redirect_uri=${CALLBACK}&state=abc123`;
    expect(await (await wecom.handle(new Request(login))).text()).toContain('模拟扫码并确认');
    const body = new URLSearchParams([...new URL(login).searchParams, ['persona', 'member'], ['decision', 'allow']]);
    const answer = await wecom.handle(new Request(`${BASE}/wwlogin/sso/login/confirm`, { method: 'POST', body }));
    expect(answer.status).toBe(303);
    const code = new URL(answer.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const token = await tokenOf(wecom);
    const who = await json(
      await wecom.handle(new Request(`${BASE}/cgi-bin/auth/getuserinfo?access_token=${token}&code=${code}`)),
    );
    expect(who).toEqual({ errcode: 0, errmsg: 'ok', userid: 'zhangsan' });
  });

  it('answers gettoken only for the corp’s own secret (40013, 40001)', async () => {
    const wecom = fake();
    const ask = async (q: string) => json(await wecom.handle(new Request(`${BASE}/cgi-bin/gettoken?${q}`)));
    expect(await ask(`corpid=other&corpsecret=${CORP.secret}`)).toMatchObject({ errcode: 40013 });
    expect(await ask(`corpid=${CORP.corpId}&corpsecret=wrong`)).toMatchObject({ errcode: 40001 });
    expect(await ask(`corpid=${CORP.corpId}&corpsecret=${CORP.secret}`)).toMatchObject({ expires_in: 7200 });
  });

  it('names an outsider by openid, spends a code once, and plays 60020 when picked', async () => {
    const wecom = fake();
    const token = await tokenOf(wecom);
    const who = async (code: string) =>
      json(await wecom.handle(new Request(`${BASE}/cgi-bin/auth/getuserinfo?access_token=${token}&code=${code}`)));
    expect(await who(wecom.issueWeComCode('outsider'))).toMatchObject({ errcode: 0, openid: expect.any(String) });
    const code = wecom.issueWeComCode('member');
    await who(code);
    expect(await who(code)).toMatchObject({ errcode: 40029 });
    expect(await who(wecom.issueWeComCode('member', false, 'wecom-ip-denied'))).toMatchObject({ errcode: 60020 });
  });

  it('gives the privateinfo fields for the ticket, and name and position from user/get', async () => {
    const wecom = fake();
    const token = await tokenOf(wecom);
    const code = wecom.issueWeComCode('member', true);
    const who = await json(
      await wecom.handle(new Request(`${BASE}/cgi-bin/auth/getuserinfo?access_token=${token}&code=${code}`)),
    );
    const detail = await json(
      await wecom.handle(
        new Request(`${BASE}/cgi-bin/auth/getuserdetail?access_token=${token}`, {
          method: 'POST',
          body: JSON.stringify({ user_ticket: who.user_ticket }),
        }),
      ),
    );
    expect(detail).toMatchObject({ userid: 'zhangsan', mobile: '13800138000', gender: '1' });
    const card = await json(
      await wecom.handle(new Request(`${BASE}/cgi-bin/user/get?access_token=${token}&userid=zhangsan`)),
    );
    expect(card).toMatchObject({ name: '张三', position: '产品经理' });
    expect(wecom.calls()).toMatchObject({
      'cgi-bin/gettoken': 1,
      'cgi-bin/auth/getuserdetail': 1,
      'cgi-bin/user/get': 1,
    });
  });
});
