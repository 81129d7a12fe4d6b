/**
 * CONTRACT.md's failure table, row for row, as decide() and decideOnProfile() answer it. The routes' own tests show
 * the same answers as pages and redirects; this table is the one place to read them all.
 */
import { decide, decideOnProfile, type Failure, type Situation } from '@/lib/auth/failures';
import { MAX_HOPS } from '@/lib/auth/links';
import { WeChatApiError, WeChatHttpError, WeChatMalformedResponseError, WeChatTimeoutError } from '@/lib/wechat/errors';

const wechat = (errcode: number) => ({
  problem: 'wechat' as const,
  error: new WeChatApiError('sns/oauth2/access_token', errcode, '', undefined),
});
const callback: Situation = { step: 'callback', signedIn: false, hop: 0, returnTo: '/profile' };
const signedIn: Situation = { ...callback, signedIn: true };
const refresh: Situation = { step: 'refresh', signedIn: true, hop: 1, returnTo: '/profile' };
const page = (status: number, id: string) => ({ type: 'page', status, page: id });

describe('CONTRACT’s failure table', () => {
  it.each<[string, Failure, Situation, object]>([
    [
      'user refused (callback with state and no code) → 403, authorize again',
      { problem: 'denied', stateVerified: true },
      callback,
      page(403, 'denied'),
    ],
    [
      'missing, forged or expired state, no live session → 400, start over',
      { problem: 'bad-state' },
      callback,
      page(400, 'link-expired'),
    ],
    ['the same, with a live session → straight on to returnTo', { problem: 'bad-state' }, signedIn, { type: 'onward' }],
    [
      'another browser’s refusal, with a live session → straight on',
      { problem: 'denied', stateVerified: false },
      signedIn,
      { type: 'onward' },
    ],
    [
      'another browser’s refusal, no live session → 403, authorize again',
      { problem: 'denied', stateVerified: false },
      callback,
      page(403, 'denied'),
    ],
    ['code invalid (40029) → one silent restart', wechat(40029), callback, { type: 'sign-in-again' }],
    [
      'tokens dead as soon as they were issued (48001 in the callback) → 400, never a loop',
      wechat(48001),
      callback,
      page(400, 'link-expired'),
    ],
    [
      'code used (40163) after the silent restart → 400, never a loop',
      wechat(40163),
      { ...callback, hop: 1 },
      page(400, 'link-expired'),
    ],
    ['code used by a doubled callback of a signed-in user → straight on', wechat(40163), signedIn, { type: 'onward' }],
    ['WeChat busy (-1) → 502, retry', wechat(-1), callback, page(502, 'wechat-busy')],
    [
      'an HTTP error → 502, retry',
      { problem: 'wechat', error: new WeChatHttpError('sns/userinfo', 500) },
      callback,
      page(502, 'wechat-busy'),
    ],
    [
      'HTML, malformed JSON or a body the schema refuses → 502, retry',
      { problem: 'wechat', error: new WeChatMalformedResponseError('sns/userinfo', 'not JSON') },
      callback,
      page(502, 'wechat-busy'),
    ],
    [
      'no answer within WECHAT_TIMEOUT_MS → 504, retry',
      { problem: 'wechat', error: new WeChatTimeoutError('sns/userinfo', 5000) },
      callback,
      page(504, 'wechat-timeout'),
    ],
    ['bad AppID (40013) → 500, a plain apology', wechat(40013), callback, page(500, 'misconfigured')],
    ['bad AppSecret (40125) → 500, a plain apology', wechat(40125), callback, page(500, 'misconfigured')],
    [
      'the renewal refused (42002, 40030, 40003) → through WeChat again, the session ended',
      wechat(42002),
      refresh,
      { type: 'sign-in-again', endSession: true },
    ],
    [
      'the renewal answered with a start-over code (40029) → through WeChat again, the session ended',
      wechat(40029),
      refresh,
      { type: 'sign-in-again', endSession: true },
    ],
    [
      '… and past the hop bound → 400, the session ended',
      wechat(40030),
      { ...refresh, hop: MAX_HOPS },
      { ...page(400, 'link-expired'), endSession: true },
    ],
    [
      'a misconfigured deployment → 500, a plain apology',
      { problem: 'configuration' },
      callback,
      page(500, 'misconfigured'),
    ],
    ['anything unexpected → 500, retry', { problem: 'unexpected' }, callback, page(500, 'unexpected')],
    ['a repeated or malformed parameter → 400', { problem: 'bad-request' }, callback, page(400, 'bad-request')],
    ['an oversized request → 431', { problem: 'oversized' }, callback, page(431, 'oversized')],
    [
      'WeCom’s app token out of reach (the store down, or a failure backed off) → 502, retry',
      { problem: 'token-unavailable' },
      callback,
      page(502, 'wechat-busy'),
    ],
    ['the relay off, or QR sign-in off → 404', { problem: 'qr-off' }, callback, page(404, 'not-found')],
    [
      'a relay link not signed for its target → 400, the code goes nowhere',
      { problem: 'relay-refused' },
      callback,
      page(400, 'relay-refused'),
    ],
    [
      'lib/on-sign-in.ts refuses the sign-in → 403, any earlier session ended',
      { problem: 'refused-by-app' },
      signedIn,
      { ...page(403, 'sign-in-refused'), endSession: true },
    ],
  ])('%s', (_row, failure, at, outcome) => {
    expect(decide(failure, at)).toEqual(outcome);
  });
});

describe('CONTRACT’s /profile rows', () => {
  it.each<[string, Parameters<typeof decideOnProfile>[0], number, string]>([
    [
      'an expired access token (its own expiry) → renewed through the refresh route',
      { problem: 'token-expired' },
      0,
      'renew',
    ],
    ['WeChat says the token is dead (42001, 40001, 40014) → renewed', wechat(42001), 0, 'renew'],
    ['the user’s tokens are no longer good (42002, 40030) → through WeChat again', wechat(40030), 0, 'sign-in-again'],
    ['an errcode that means start over (40029) → through WeChat again', wechat(40029), 0, 'sign-in-again'],
    ['after the TTL, WeChat busy → the stored profile, marked outdated', wechat(-1), 0, 'stored-profile'],
    [
      'after the TTL, WeChat slow → the stored profile',
      { problem: 'wechat', error: new WeChatTimeoutError('sns/userinfo', 1) },
      0,
      'stored-profile',
    ],
    [
      'any chain of redirects is bounded: past MAX_HOPS the stored profile stays',
      { problem: 'token-expired' },
      MAX_HOPS,
      'stored-profile',
    ],
  ])('%s', (_row, failure, hop, outcome) => {
    expect(decideOnProfile(failure, hop)).toBe(outcome);
  });
});
