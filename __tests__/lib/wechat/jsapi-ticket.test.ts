import { createMemoryStore } from '@/lib/store';
import type { AccountApi } from '@/lib/wechat/client';
import { WeChatApiError } from '@/lib/wechat/errors';
import { createAccount, storeKeys } from '@/lib/wechat/account';
import { fakeClock } from '../../support/clock';

const APP_ID = 'wx0000000000test01';
const KEYS = storeKeys(APP_ID);
const clock = fakeClock();

/** An account API that answers from lists and counts its calls. */
function fakeApi(tokens: string[], ticketFor: (token: string, call: number) => string | WeChatApiError) {
  const calls = { token: 0, ticket: 0, ticketTokens: [] as string[] };
  const api: AccountApi = {
    fetchAccountToken: async () => ({ access_token: tokens[calls.token++] ?? 'no-more', expires_in: 7200 }),
    fetchJsapiTicket: async (token) => {
      calls.ticketTokens.push(token);
      const answer = ticketFor(token, calls.ticket++);
      if (answer instanceof WeChatApiError) throw answer;
      return { ticket: answer, expires_in: 7200 };
    },
    fetchFollower: async () => {
      throw new Error('the ticket never needs user/info');
    },
  };
  return { api, calls };
}

const dead = (errcode: number) =>
  new WeChatApiError('cgi-bin/ticket/getticket', errcode, 'invalid credential', undefined);

describe('the jsapi_ticket and the account token behind it', () => {
  it('keeps the token until expires_in − 300 s and the ticket well short of 7200 s', async () => {
    const store = createMemoryStore();
    const { api, calls } = fakeApi(['T1', 'T2', 'T3'], (token, n) => `ticket-${n}-${token}`);
    const account = createAccount({ store, api, appId: APP_ID, timeoutMs: 1000 });
    expect(await account.jsapiTicket()).toBe('ticket-0-T1');
    clock.advance(5699 * 1000);
    expect(await account.jsapiTicket()).toBe('ticket-0-T1');
    expect(calls).toMatchObject({ token: 1, ticket: 1 });
    clock.advance(2 * 1000);
    expect(await account.jsapiTicket()).toBe('ticket-1-T1');
    expect(calls).toMatchObject({ token: 1, ticket: 2 });
    clock.advance(1200 * 1000);
    await store.deleteIfEquals(KEYS.jsapiTicket, 'ticket-1-T1');
    expect(await account.jsapiTicket()).toBe('ticket-2-T2');
    expect(calls).toMatchObject({ token: 2, ticket: 3 });
  });

  it.each([40001, 40014, 42001])(
    'on %i drops the token that failed, fetches another and retries once',
    async (errcode) => {
      const store = createMemoryStore();
      const { api, calls } = fakeApi(['T1', 'T2'], (token) => (token === 'T1' ? dead(errcode) : `ticket-${token}`));
      const account = createAccount({ store, api, appId: APP_ID, timeoutMs: 1000 });
      expect(await account.jsapiTicket()).toBe('ticket-T2');
      expect(calls.ticketTokens).toEqual(['T1', 'T2']);
      expect(await store.get(KEYS.accountToken)).toBe('T2');
    },
  );

  it('leaves a newer token another instance stored alone when the one it used fails', async () => {
    const store = createMemoryStore();
    await store.set(KEYS.accountToken, 'T-old', 60_000);
    const { api, calls } = fakeApi(['T-mine'], (token, n) => {
      if (n === 0) {
        void store.set(KEYS.accountToken, 'T-newer', 60_000);
        return dead(40001);
      }
      return `ticket-${token}`;
    });
    const account = createAccount({ store, api, appId: APP_ID, timeoutMs: 1000 });
    expect(await account.jsapiTicket()).toBe('ticket-T-newer');
    expect(calls).toMatchObject({ token: 0, ticketTokens: ['T-old', 'T-newer'] });
  });

  it('gives up after one retry when the fresh token fails too', async () => {
    const { api, calls } = fakeApi(['T1', 'T2', 'T3'], () => dead(40001));
    const account = createAccount({ store: createMemoryStore(), api, appId: APP_ID, timeoutMs: 1000 });
    await expect(account.jsapiTicket()).rejects.toMatchObject({ errcode: 40001 });
    expect(calls).toMatchObject({ token: 2, ticket: 2 });
  });
  it.each([40164, 40013, 40125, 45009])(
    'after a %i, asks WeChat nothing for a minute, every caller told at once that it is busy, then asks again',
    async (errcode) => {
      const store = createMemoryStore();
      let refusing = true;
      const { api, calls } = fakeApi(['T1', 'T2'], (token) => (refusing ? dead(errcode) : `ticket-${token}`));
      const account = createAccount({ store, api, appId: APP_ID, timeoutMs: 1000 });
      await expect(account.jsapiTicket()).rejects.toMatchObject({ errcode });
      const asked = { ...calls, ticketTokens: [...calls.ticketTokens] };
      clock.advance(59_000);
      const during = await Promise.allSettled(Array.from({ length: 20 }, () => account.jsapiTicket()));
      expect(during.map((r) => r.status === 'rejected' && (r.reason as Error).name)).toEqual(
        Array(20).fill('StoreBusyError'),
      );
      expect(calls).toEqual(asked);
      refusing = false;
      clock.advance(2_000);
      expect(await account.jsapiTicket()).toMatch(/^ticket-/);
    },
  );

  it('after a failure WeChat may end by itself (busy, slow, malformed), asks again 5 s later, not on every request', async () => {
    const store = createMemoryStore();
    let failing = true;
    const busy = new WeChatApiError('cgi-bin/ticket/getticket', -1, 'system error', undefined);
    const { api, calls } = fakeApi(['T1'], (token) => (failing ? busy : `ticket-${token}`));
    const account = createAccount({ store, api, appId: APP_ID, timeoutMs: 1000 });
    await expect(account.jsapiTicket()).rejects.toMatchObject({ errcode: -1 });
    await expect(account.jsapiTicket()).rejects.toMatchObject({ name: 'StoreBusyError' });
    expect(calls.ticket).toBe(1);
    failing = false;
    clock.advance(5_001);
    expect(await account.jsapiTicket()).toBe('ticket-T1');
  });
});
