/** checkRequest(): input no link of the app and no WeChat redirect has is refused before any work. */
import { checkRequest } from '@/lib/http/request';

const RULES = { code: /^[A-Za-z0-9]{1,8}$/, returnTo: null };
const check = (query: string, cookie?: string) =>
  checkRequest(new Request(`https://wx.example.test/x?${query}`, { headers: cookie ? { cookie } : {} }), RULES);

describe('checkRequest', () => {
  it.each([
    ['parameters of the right shape', 'code=abc123&returnTo=%2Fanything%20at%20all'],
    ['no parameters at all', ''],
    ['parameters the route does not read', 'code=abc&from=singlemessage&isappinstalled=0'],
  ])('lets %s through', (_name, query) => {
    expect(check(query)).toBeNull();
  });

  it.each([
    ['a repeated parameter', 'code=abc&code=def', undefined],
    ['an empty repeat of a parameter of any shape', 'returnTo=%2Fa&returnTo=', undefined],
    ['a parameter not of its shape', 'code=abc-123', undefined],
    ['two session cookies', 'code=abc', 'wx_session=a; wx_session=b'],
    ['two state cookies', 'code=abc', 'wx_state=a; other=1; wx_state=b'],
  ])('refuses %s as a bad request', (_name, query, cookie) => {
    expect(check(query, cookie)).toBe('bad-request');
  });

  it.each([
    ['a query longer than 2048 characters', `returnTo=${'a'.repeat(2050)}`, undefined],
    ['more than 32 parameters', Array.from({ length: 33 }, (_, i) => `p${i}=1`).join('&'), undefined],
    ['a cookie header longer than 8192 characters', 'code=abc', `x=${'y'.repeat(8200)}`],
  ])('refuses %s as oversized', (_name, query, cookie) => {
    expect(check(query, cookie)).toBe('oversized');
  });
});
