/**
 * /profile's 公众号 row (CONTRACT: the profile page): what loadFollow gives app/profile/page.tsx to stream in behind
 * the profile, from cgi-bin/user/info with the shared account token (WECHAT-PROTOCOL §18), kept per openid in the
 * shared store; on any failure no row, one log line and no secret.
 */
import type { WeChatSession as Session } from '@/lib/session/session';
import { storeKeys } from '@/lib/wechat/account';
import type { FollowView } from '@/lib/wechat/profile';
import type { AccountFault } from '@/mocks/wechat/cgi';
import type { PersonaId } from '@/mocks/wechat/personas';
import { freePort } from '@/scripts/redis-server';
import { fakeClock } from '../../support/clock';
import { TEST_APP_ID, TEST_APP_SECRET } from '../../support/env';
import { setupFakeWeChat } from '../../support/fake-wechat-server';
import { loadWithEnv } from '../../support/isolated';
import { redisServerForThisFile } from '../../support/redis';
import { captureWarnings } from '../../support/logs';
import { sessionFor } from '../../support/sessions';
import { GARBAGE_ANSWERS, answerWith, recordCalls } from '../../support/wechat-answers';

const { fake, server } = setupFakeWeChat();
const redis = redisServerForThisFile();
const clock = fakeClock();
const warnings = captureWarnings();

/** A fresh instance of the app: its own module registry, so its own store client and in-process state. */
const instance = (vars: Record<string, string> = {}) =>
  loadWithEnv({ WECHAT_TIMEOUT_MS: '400', ...vars }, async () => {
    const { loadFollow } = await import('@/lib/auth/renewal');
    const [{ accountFor }, { backendFor }, { getEnv }] = await Promise.all([
      import('@/lib/wechat/account'),
      import('@/lib/wechat/backend'),
      import('@/lib/env'),
    ]);
    const account = await accountFor(getEnv());
    return { loadFollow, follower: account.follower, store: await backendFor(getEnv()).store() };
  });

const calls = () => fake().calls();
const withFaults = (account: AccountFault[]) => fake().configureFaults({ account });

describe('the row says whether the user follows the account', () => {
  it.each<[string, PersonaId, FollowView]>([
    [
      '张小明 follows: 已关注, the date of the follow in Beijing time and its channel in words',
      'full',
      { following: true, since: '2019年3月15日', channel: '扫描二维码' },
    ],
    ['恩爸 does not follow: 未关注', 'post2021', { following: false }],
    [
      'a follow at 00:30 on 9 August in Beijing (still the 8th in UTC), through a channel §18 does not list, is 2022年8月9日 and 其他',
      'emoji',
      { following: true, since: '2022年8月9日', channel: '其他' },
    ],
  ])('%s, from one stable_token and one user/info call', async (_, persona, row) => {
    const { loadFollow } = await instance();
    expect(await loadFollow(await sessionFor(fake(), persona))).toEqual(row);
    expect(calls()).toMatchObject({ 'cgi-bin/stable_token': 1, 'cgi-bin/user/info': 1 });
  });

  it('a snsapi_base session of the service account has the row too', async () => {
    const { loadFollow } = await instance();
    const session: Session = { ...(await sessionFor(fake(), 'full')), scope: 'snsapi_base', profile: null };
    expect(await loadFollow(session)).toMatchObject({ following: true });
  });
});

describe('no row and no call', () => {
  it.each<[string, Partial<Session>, Record<string, string>]>([
    ['a snapshot user, whose openid is virtual', { snapshot: true }, {}],
    ['a website-app session (desktop QR), whose openid is the website app’s', { app: 'open' }, {}],
    ['WECHAT_FOLLOW_STATUS=0', {}, { WECHAT_FOLLOW_STATUS: '0' }],
  ])('for %s', async (_, changes, vars) => {
    const { loadFollow } = await instance(vars);
    expect(loadFollow(await sessionFor(fake(), 'full', changes))).toBeNull();
    expect(calls()).toMatchObject({ 'cgi-bin/stable_token': 0, 'cgi-bin/user/info': 0 });
  });
});

describe('when WeChat or the store fails, the row is left out, with one log line and no secret', () => {
  /** The log lines of this test, parsed; none may carry the AppSecret or an access token. */
  function logLines(): Record<string, unknown>[] {
    for (const line of warnings) expect(line).not.toMatch(new RegExp(`${TEST_APP_SECRET}|access_token|86_`));
    return warnings.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it.each<[string, AccountFault, string, number, string]>([
    [
      '48001 (an unverified subscription account)',
      'follow-unauthorized',
      'cgi-bin/user/info',
      48001,
      'WECHAT_FOLLOW_STATUS=0',
    ],
    ['45009 (the daily quota)', 'quota', 'cgi-bin/stable_token', 45009, 'quota'],
    ['40164 (this server’s IP is not on the whitelist)', 'ip-not-allowed', 'cgi-bin/stable_token', 40164, 'IP白名单'],
  ])('when WeChat answers %s', async (_, fault, endpoint, errcode, hint) => {
    withFaults([fault]);
    const { loadFollow } = await instance();
    expect(await loadFollow(await sessionFor(fake(), 'full'))).toBeNull();
    expect(logLines()).toEqual([
      expect.objectContaining({ event: 'wechat_error', endpoint, errcode, hint: expect.stringContaining(hint) }),
    ]);
  });

  it.each(GARBAGE_ANSWERS)('when user/info answers %s', async (_, answer) => {
    answerWith(server, 'cgi-bin/user/info', answer);
    const { loadFollow } = await instance();
    expect(await loadFollow(await sessionFor(fake(), 'full'))).toBeNull();
    expect(logLines()).toEqual([expect.objectContaining({ event: 'wechat_error', endpoint: 'cgi-bin/user/info' })]);
  });

  it('when user/info does not answer, gives up after half of WECHAT_TIMEOUT_MS while the call goes on to its timeout', async () => {
    // The mock answers after 800 ms, twice WECHAT_TIMEOUT_MS: nothing is left running when the test ends.
    fake().configureFaults({ account: ['follow-slow'], slowMs: 800 });
    const { loadFollow, follower } = await instance();
    const session = await sessionFor(fake(), 'full');
    expect(await loadFollow(session)).toBeNull();
    expect(warnings).toEqual([]);
    await expect(follower(session.openid)).rejects.toMatchObject({ name: 'WeChatTimeoutError' });
    expect(calls()['cgi-bin/user/info']).toBe(1);
    expect(logLines()).toEqual([
      expect.objectContaining({ endpoint: 'cgi-bin/user/info', error: 'WeChatTimeoutError' }),
    ]);
  });

  it('when the store cannot be reached, WeChat is not asked and the outage is logged once', async () => {
    const { loadFollow } = await instance({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    for (const persona of ['full', 'post2021'] as const)
      expect(await loadFollow(await sessionFor(fake(), persona))).toBeNull();
    expect(calls()).toMatchObject({ 'cgi-bin/stable_token': 0, 'cgi-bin/user/info': 0 });
    expect(logLines()).toEqual([{ event: 'store_unavailable', store: 'redis' }]);
  });
});

describe('a failing user/info is asked at most once per back-off window, whoever views', () => {
  it.each<[string, () => void, number]>([
    ['48001', () => withFaults(['follow-unauthorized']), 60_000],
    ['WeChat busy (-1)', () => answerWith(server, 'cgi-bin/user/info', GARBAGE_ANSWERS[0]![1]), 5_000],
  ])('after %s, 20 views in the window ask nothing, the first view after it asks again', async (_, fail, windowMs) => {
    fail();
    const asked = recordCalls(server);
    const userInfoCalls = () => asked.filter((path) => path === 'cgi-bin/user/info').length;
    const { loadFollow } = await instance();
    const sessions = [await sessionFor(fake(), 'full'), await sessionFor(fake(), 'post2021')];
    expect(await loadFollow(sessions[0]!)).toBeNull();
    for (let view = 0; view < 20; view++) {
      clock.advance((windowMs - 1_000) / 20);
      expect(await loadFollow(sessions[view % 2]!)).toBeNull();
    }
    expect(userInfoCalls()).toBe(1);
    expect(warnings).toHaveLength(1);
    clock.advance(2_000);
    await loadFollow(sessions[1]!);
    expect(userInfoCalls()).toBe(2);
  });
});

describe('two production instances sharing one Redis', () => {
  it.each([6, 20])(
    '%i views across both, half at once and half one after another, make one user/info call, kept for 10 minutes',
    async (views) => {
      const [a, b] = [
        await instance({ REDIS_URL: redis.url(), WECHAT_TIMEOUT_MS: '2000' }),
        await instance({ REDIS_URL: redis.url(), WECHAT_TIMEOUT_MS: '2000' }),
      ];
      expect(a.loadFollow).not.toBe(b.loadFollow);
      // Both are already up, connected to Redis, as instances serving pages are: the views wait on nothing else.
      await Promise.all([a.store.get('warm-up'), b.store.get('warm-up')]);
      const session = await sessionFor(fake(), 'full');
      const view = (i: number) => (i % 2 ? a : b).loadFollow(session);
      const half = views / 2;
      const rows = await Promise.all(Array.from({ length: half }, (_, i) => view(i)));
      for (let i = half; i < views; i++) rows.push(await view(i));
      expect(rows).toEqual(Array(views).fill({ following: true, since: '2019年3月15日', channel: '扫描二维码' }));
      expect(calls()).toMatchObject({ 'cgi-bin/stable_token': 1, 'cgi-bin/user/info': 1 });

      const { createClient } = await import('redis');
      const client = createClient({ url: redis.url() });
      await client.connect();
      const ttl = await client.pTTL(storeKeys(TEST_APP_ID).follower(session.openid));
      await client.close();
      expect(ttl).toBeGreaterThan(590_000);
      expect(ttl).toBeLessThanOrEqual(600_000);
    },
  );
});
