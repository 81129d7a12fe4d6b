/** Whether a user follows the account (cgi-bin/user/info, WECHAT-PROTOCOL §18): asked with the account token, kept 10 minutes. */
import { createMemoryStore } from '@/lib/store';
import { createAccount, storeKeys } from '@/lib/wechat/account';
import type { AccountApi } from '@/lib/wechat/client';
import { WeChatApiError, WeChatTimeoutError } from '@/lib/wechat/errors';
import type { Follower } from '@/lib/wechat/schemas';
import { fakeClock } from '../../support/clock';

const APP_ID = 'wx0000000000test01';
const KEYS = storeKeys(APP_ID);
const clock = fakeClock();
const FOLLOWS: Follower = { subscribe: 1, subscribe_time: 1552613400, subscribe_scene: 'ADD_SCENE_QR_CODE' };

/** An account API whose user/info answers `answer` (an error is thrown) and counts every call. */
function fakeApi(answer: (token: string, openid: string) => Follower | Error, tokens = ['T1', 'T2', 'T3']) {
  const calls = { token: 0, follower: [] as string[] };
  const api: AccountApi = {
    fetchAccountToken: async () => ({ access_token: tokens[calls.token++] ?? 'no-more', expires_in: 7200 }),
    fetchJsapiTicket: async () => ({ ticket: 'ticket', expires_in: 7200 }),
    fetchFollower: async (token, openid) => {
      calls.follower.push(`${token} ${openid}`);
      const answered = answer(token, openid);
      if (answered instanceof Error) throw answered;
      return answered;
    },
  };
  return { api, calls };
}

const refusal = (errcode: number) => new WeChatApiError('cgi-bin/user/info', errcode, 'refused', undefined);
const accountWith = (api: AccountApi, store = createMemoryStore()) =>
  createAccount({ store, api, appId: APP_ID, timeoutMs: 1000 });

describe('whether a user follows, kept per openid for 10 minutes', () => {
  it('asks WeChat once per user, then answers from the store until the 10 minutes are up', async () => {
    const { api, calls } = fakeApi((_, openid) => (openid === 'o-fan' ? FOLLOWS : { subscribe: 0 }));
    const store = createMemoryStore();
    const account = accountWith(api, store);
    expect(await account.follower('o-fan')).toEqual(FOLLOWS);
    expect(await account.follower('o-stranger')).toEqual({ subscribe: 0 });
    clock.advance(599_000);
    expect(await account.follower('o-fan')).toEqual(FOLLOWS);
    expect(calls).toEqual({ token: 1, follower: ['T1 o-fan', 'T1 o-stranger'] });
    expect(JSON.parse((await store.get(KEYS.follower('o-fan'))) ?? '')).toEqual(FOLLOWS);
    clock.advance(2_000);
    await account.follower('o-fan');
    expect(calls.follower).toEqual(['T1 o-fan', 'T1 o-stranger', 'T1 o-fan']);
  });

  it('asks once for many views at the same moment', async () => {
    const { api, calls } = fakeApi(() => FOLLOWS);
    const account = accountWith(api);
    const answers = await Promise.all(Array.from({ length: 10 }, () => account.follower('o-fan')));
    expect(answers).toEqual(Array(10).fill(FOLLOWS));
    expect(calls.follower).toHaveLength(1);
  });

  it('shares the account token with the JS-SDK’s ticket: one stable_token for both', async () => {
    const { api, calls } = fakeApi(() => FOLLOWS);
    const account = accountWith(api);
    await account.jsapiTicket();
    await account.follower('o-fan');
    expect(calls).toEqual({ token: 1, follower: ['T1 o-fan'] });
  });
});

describe('a dead account token (40001, 40014, 42001) met by user/info', () => {
  it.each([40001, 40014, 42001])(
    'on %i drops the token that failed, fetches another and asks once more',
    async (code) => {
      const { api, calls } = fakeApi((token) => (token === 'T1' ? refusal(code) : FOLLOWS));
      const store = createMemoryStore();
      expect(await accountWith(api, store).follower('o-fan')).toEqual(FOLLOWS);
      expect(calls).toEqual({ token: 2, follower: ['T1 o-fan', 'T2 o-fan'] });
      expect(await store.get(KEYS.accountToken)).toBe('T2');
    },
  );

  it('leaves a newer token another instance stored alone', async () => {
    const store = createMemoryStore();
    await store.set(KEYS.accountToken, 'T-old', 60_000);
    const { api, calls } = fakeApi((token) => {
      if (token !== 'T-old') return FOLLOWS;
      void store.set(KEYS.accountToken, 'T-newer', 60_000);
      return refusal(40001);
    });
    expect(await accountWith(api, store).follower('o-fan')).toEqual(FOLLOWS);
    expect(calls).toEqual({ token: 0, follower: ['T-old o-fan', 'T-newer o-fan'] });
  });
});

describe('a failing user/info is asked at most once per back-off window, for every user of the account', () => {
  it.each([
    ['48001 (an unverified subscription account)', refusal(48001), 60_000],
    ['45009 (the daily quota)', refusal(45009), 60_000],
    ['WeChat busy (-1)', refusal(-1), 5_000],
    ['a timeout', new WeChatTimeoutError('cgi-bin/user/info', 1000), 5_000],
  ])('after %s, asks nothing for any user until the window ends, then asks again', async (_, error, windowMs) => {
    let failing = true;
    const { api, calls } = fakeApi(() => (failing ? error : FOLLOWS));
    const account = accountWith(api);
    await expect(account.follower('o-fan')).rejects.toBe(error);
    clock.advance(windowMs - 1_000);
    const during = await Promise.allSettled(['o-fan', 'o-other', 'o-third'].map((openid) => account.follower(openid)));
    expect(during.map((r) => r.status === 'rejected' && (r.reason as Error).name)).toEqual(
      Array(3).fill('StoreBusyError'),
    );
    expect(calls.follower).toEqual(['T1 o-fan']);
    failing = false;
    clock.advance(2_000);
    expect(await account.follower('o-other')).toEqual(FOLLOWS);
    expect(calls.follower).toEqual(['T1 o-fan', 'T1 o-other']);
  });

  it('leaves the share card’s ticket alone while user/info backs off', async () => {
    const { api } = fakeApi(() => refusal(48001));
    const account = accountWith(api);
    await expect(account.follower('o-fan')).rejects.toMatchObject({ errcode: 48001 });
    expect(await account.jsapiTicket()).toBe('ticket');
  });
});
