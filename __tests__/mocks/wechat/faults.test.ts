import { pickRandomFault, DEFAULT_FAULT_CONFIG } from '@/mocks/wechat/faults';
import { API, APP_ID, APP_SECRET, exchange, newFake } from './fake';
import type { FakeWeChat } from '@/mocks/wechat/fake-wechat';

const tokenRequest = (code: string, init: RequestInit = {}) =>
  new Request(
    `${API}/sns/oauth2/access_token?appid=${APP_ID}&secret=${APP_SECRET}&code=${code}&grant_type=authorization_code`,
    init,
  );

const raw = (fake: FakeWeChat, code: string) => fake.handle(tokenRequest(code));

describe('faults of the mock WeChat', () => {
  it('answers a code chosen with "busy" with -1 system error, and the code is spent anyway', async () => {
    const fake = newFake();
    const code = fake.issueCode('full', 'snsapi_userinfo', 'busy');
    expect(await exchange(fake, code)).toMatchObject({
      errcode: -1,
      errmsg: expect.stringMatching(/^system error, rid: /),
    });
    expect(await exchange(fake, code)).toMatchObject({ errcode: 40163 });
  });

  it('answers a code chosen with "invalid code" with 40029', async () => {
    const fake = newFake();
    expect(await exchange(fake, fake.issueCode('full', 'snsapi_userinfo', 'invalid-code'))).toMatchObject({
      errcode: 40029,
    });
  });

  it('answers a code chosen with "HTTP 500" with a bare 500', async () => {
    const fake = newFake();
    expect((await raw(fake, fake.issueCode('full', 'snsapi_userinfo', 'http-500'))).status).toBe(500);
  });

  it('answers a code chosen with "HTML" with an HTML page instead of JSON', async () => {
    const fake = newFake();
    const response = await raw(fake, fake.issueCode('full', 'snsapi_userinfo', 'html'));
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^<html>/);
  });

  it('answers a code chosen with "malformed" with JSON cut short', async () => {
    const fake = newFake();
    const text = await (await raw(fake, fake.issueCode('full', 'snsapi_userinfo', 'malformed'))).text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('holds a "slow" answer until the caller gives up, then abandons it without issuing a token', async () => {
    const fake = newFake({ faults: { slowMs: 60_000 } });
    const controller = new AbortController();
    const pending = fake.handle(
      tokenRequest(fake.issueCode('full', 'snsapi_userinfo', 'slow'), { signal: controller.signal }),
    );
    controller.abort(new Error('timed out'));
    await expect(pending).rejects.toThrow('timed out');
    expect(fake.size()).toBe(1);
  });

  it('still answers a "slow" code with a token to a caller patient enough to wait', async () => {
    const fake = newFake({ faults: { slowMs: 1 } });
    expect(await exchange(fake, fake.issueCode('full', 'snsapi_userinfo', 'slow'))).toHaveProperty('access_token');
  });

  it('fails every sns/* call with one of the configured kinds at rate 1, and none at rate 0', async () => {
    const fake = newFake();
    fake.configureFaults({ rate: 1, kinds: ['busy'] });
    expect(await exchange(fake, fake.issueCode())).toMatchObject({ errcode: -1 });
    fake.configureFaults({ rate: 0 });
    expect(await exchange(fake, fake.issueCode())).toHaveProperty('access_token');
  });

  it('spends the code when a random fault hits the exchange, as WeChat does on -1', async () => {
    const fake = newFake();
    const code = fake.issueCode();
    fake.configureFaults({ rate: 1, kinds: ['busy'] });
    expect(await exchange(fake, code)).toMatchObject({ errcode: -1 });
    fake.configureFaults({ rate: 0 });
    expect(await exchange(fake, code)).toMatchObject({ errcode: 40163 });
  });

  it('holds a "slow" answer only until the signal handed to it aborts, whatever the request carries', async () => {
    const fake = newFake({ faults: { slowMs: 60_000 } });
    const controller = new AbortController();
    const pending = fake.handle(tokenRequest(fake.issueCode('full', 'snsapi_userinfo', 'slow')), '', controller.signal);
    controller.abort(new Error('gave up'));
    await expect(pending).rejects.toThrow('gave up');
  });

  it('picks random faults by the configured rate', () => {
    const config = { ...DEFAULT_FAULT_CONFIG, rate: 0.5, kinds: ['busy', 'html'] as const };
    expect(pickRandomFault(config, () => 0.6)).toBeNull();
    expect(pickRandomFault(config, () => 0.4)).toBe('busy');
    expect(pickRandomFault({ ...config, kinds: [] }, () => 0)).toBeNull();
  });

  it('counts every sns/* and cgi-bin/* call, failed or not, and reports them at GET __stats', async () => {
    const fake = newFake();
    await exchange(fake, fake.issueCode());
    await exchange(fake, 'unknown');
    const stats = (await (await fake.handle(new Request(`${API}/__stats`))).json()) as {
      calls: Record<string, number>;
    };
    expect(stats.calls).toEqual({
      'sns/oauth2/access_token': 2,
      'sns/oauth2/refresh_token': 0,
      'sns/userinfo': 0,
      'sns/auth': 0,
      'cgi-bin/stable_token': 0,
      'cgi-bin/ticket/getticket': 0,
      'cgi-bin/user/info': 0,
    });
    fake.resetCalls();
    expect(fake.calls()['sns/oauth2/access_token']).toBe(0);
  });

  it('serves avatars itself and answers 404 to anything else', async () => {
    const fake = newFake();
    const avatar = await fake.handle(new Request(`${API}/qlogo/mmopen/vi_32/MockFullProfileAvatar/132`));
    expect(avatar.headers.get('content-type')).toBe('image/svg+xml');
    expect((await fake.handle(new Request(`${API}/cgi-bin/token`))).status).toBe(404);
    expect((await fake.handle(new Request(`${API}/sns/userinfo`, { method: 'POST', body: '{}' }))).status).toBe(404);
  });
});
