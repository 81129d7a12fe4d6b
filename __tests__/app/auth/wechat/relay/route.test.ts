/** GET /auth/wechat/relay: CONTRACT's row for the relay, and a sign-in on a preview deployment through it. */
import fc from 'fast-check';
import { GET as callback } from '@/app/auth/wechat/callback/route';
import { signRelayTarget } from '@/lib/auth/relay';
import { unsealSession } from '@/lib/session/session';
import { TEST_ORIGIN, TEST_RELAY_ORIGIN, TEST_SESSION_SECRET } from '../../../../support/env';
import { setupFakeWeChat } from '../../../../support/fake-wechat-server';
import { hrefs } from '../../../../support/matchers';
import { loadPreviewStart, loadRelay, relayQuery, relayRequest } from '../../../../support/relay';
import { request, setCookieValue } from '../../../../support/requests';
import { recordCalls } from '../../../../support/wechat-answers';

const { fake, server } = setupFakeWeChat();
let relay: Awaited<ReturnType<typeof loadRelay>>;
let wechatCalls: string[];
let logged: jest.SpyInstance[];

beforeAll(async () => {
  relay = await loadRelay();
});
beforeEach(() => {
  wechatCalls = recordCalls(server);
  logged = (['log', 'info', 'warn', 'error'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation(() => undefined),
  );
});
afterEach(() => {
  // Nothing here is worth a log line: no call to WeChat fails, no error escapes.
  expect(logged.flatMap((spy) => spy.mock.calls)).toEqual([]);
  jest.restoreAllMocks();
});

const CODE = '021wn10w3otnc23Qtt0w3QFXD62wn10D';
const STATE = 'State0123456789abcdefABCDEF01234';
const fromWeChat = (query: string) => `${query}&code=${CODE}&state=${STATE}`;
const forwardedTo = (origin: string) => `${origin}/auth/wechat/callback?code=${CODE}&state=${STATE}`;

/** The 400 page, with the code nowhere in it: not in a header, a link or the text. */
async function expectRefused(response: Response): Promise<void> {
  expect(response.status).toBe(400);
  expect(response.headers.get('location')).toBeNull();
  expect(response.headers.getSetCookie()).toEqual([]);
  expect([...response.headers.values()].join('\n')).not.toContain(CODE);
  const html = await response.text();
  expect(html).toContain('无法继续登录');
  expect(html).not.toContain(CODE);
  expect(hrefs(html).filter((href) => !/\.(css|svg)$/.test(href))).toEqual(['/']);
}

describe('GET /auth/wechat/relay when the relay is off (WECHAT_RELAY_ALLOWED_ORIGINS unset)', () => {
  it('answers 404 to every link, even one signed for an origin it would otherwise allow, and forwards nothing', async () => {
    const { GET: offByDefault } = await import('@/app/auth/wechat/relay/route');
    const offWithSecret = await loadRelay({ WECHAT_RELAY_ALLOWED_ORIGINS: '' });
    for (const off of [offByDefault, offWithSecret]) {
      const response = await off(relayRequest(fromWeChat(relayQuery(TEST_ORIGIN))));
      expect(response.status).toBe(404);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).not.toContain(CODE);
    }
    expect(wechatCalls).toEqual([]);
  });
});

describe('GET /auth/wechat/relay forwards WeChat’s answer with one redirect to the callback of the origin the link names', () => {
  it('a link signed for an allowed origin → 303 to {origin}/auth/wechat/callback with code and state, never cached', async () => {
    const response = await relay(relayRequest(fromWeChat(relayQuery(TEST_ORIGIN))));
    expect(response).toRedirectTo('/auth/wechat/callback?code=' + CODE + '&state=' + STATE, 303);
    expect(response.headers.get('location')).toBe(forwardedTo(TEST_ORIGIN));
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('forwards to a preview that the wildcard https://*-acme.vercel.app allows', async () => {
    for (const origin of ['https://app-git-feature-x-acme.vercel.app', 'https://app-4f9k2lmn1-acme.vercel.app']) {
      const response = await relay(relayRequest(fromWeChat(relayQuery(origin))));
      expect(response.headers.get('location')).toBe(forwardedTo(origin));
    }
  });

  it('forwards a refusal (state without code) too, so the target shows its own page', async () => {
    const response = await relay(relayRequest(`${relayQuery(TEST_ORIGIN)}&state=${STATE}`));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${TEST_ORIGIN}/auth/wechat/callback?state=${STATE}`);
  });

  it('passes on code and state only, nothing else the link or WeChat carried', async () => {
    const response = await relay(relayRequest(`${fromWeChat(relayQuery(TEST_ORIGIN))}&connect_redirect=1&x=y`));
    expect(response.headers.get('location')).toBe(forwardedTo(TEST_ORIGIN));
  });

  it('never calls WeChat: the target deployment redeems the code', async () => {
    await relay(relayRequest(fromWeChat(relayQuery(TEST_ORIGIN))));
    expect(wechatCalls).toEqual([]);
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/access_token': 0 });
  });
});

const enc = encodeURIComponent;
const sig = (origin: string) => signRelayTarget(origin, 'test-relay-secret-at-least-32-characters-long');
const goodSig = sig(TEST_ORIGIN);
const flipped = `${goodSig[0] === 'A' ? 'B' : 'A'}${goodSig.slice(1)}`;

const REFUSED: ReadonlyArray<[string, string]> = [
  [
    'a forged target: the signature of this app, another origin named',
    `to=${enc('https://evil.example')}&sig=${goodSig}`,
  ],
  [
    'a forged target signed for a preview, naming its look-alike',
    `to=${enc('https://app-acme.vercel.app.evil.com')}&sig=${sig('https://app-acme.vercel.app')}`,
  ],
  ['an unsigned link', `to=${enc(TEST_ORIGIN)}`],
  ['an empty signature', `to=${enc(TEST_ORIGIN)}&sig=`],
  ['a signature made with the wrong secret', relayQuery(TEST_ORIGIN, 'another-secret-at-least-32-characters-long')],
  ['a truncated signature', `to=${enc(TEST_ORIGIN)}&sig=${goodSig.slice(0, -1)}`],
  ['a signature with one character changed', `to=${enc(TEST_ORIGIN)}&sig=${flipped}`],
  ['a signature padded with =', `to=${enc(TEST_ORIGIN)}&sig=${goodSig}%3D`],
  ['the signature of another allowed origin', `to=${enc(TEST_ORIGIN)}&sig=${sig('https://app-acme.vercel.app')}`],
  ['no target at all', `sig=${goodSig}`],
  // Signed with the right secret, as a careless deployment might sign whatever it was told: still not forwarded.
  ['a signed origin off the allow-list', relayQuery('https://evil.example')],
  ['the allowed host upper-cased', relayQuery('https://WX.example.test')],
  ['the scheme upper-cased', relayQuery('HTTPS://wx.example.test')],
  ['a preview upper-cased', relayQuery('https://App-git-x-acme.vercel.app')],
  ['the default port spelled out', relayQuery(`${TEST_ORIGIN}:443`)],
  ['another port', relayQuery(`${TEST_ORIGIN}:8443`)],
  ['a preview on another port', relayQuery('https://app-acme.vercel.app:8443')],
  ['http instead of https', relayQuery('http://wx.example.test')],
  ['user info before the allowed host', relayQuery('https://evil.example@wx.example.test')],
  ['the allowed host as user info', relayQuery('https://wx.example.test@evil.example')],
  ['a user and password on a preview', relayQuery('https://user:pw@app-acme.vercel.app')],
  ['a path after the origin', relayQuery(`${TEST_ORIGIN}/`)],
  ['a path that climbs', relayQuery(`${TEST_ORIGIN}/..`)],
  ['an encoded double slash after the origin', relayQuery(`${TEST_ORIGIN}/%2F%2Fevil.example`)],
  ['a slash smuggled into the wildcard’s label', relayQuery('https://evil.com/.acme.vercel.app')],
  ['an encoded slash in the host', relayQuery('https://evil.com%2F.acme.vercel.app')],
  ['an encoded slash in the label', relayQuery('https://evil.com%2f-acme.vercel.app')],
  ['slashes encoded twice in the link', `to=https%3A%252F%252Fevil.example&sig=${sig('https:%2F%2Fevil.example')}`],
  ['the allowed suffix followed by another domain', relayQuery('https://x.acme.vercel.app.evil.com')],
  ['the wildcard’s suffix followed by another domain', relayQuery('https://x-acme.vercel.app.evil.com')],
  ['two labels where the wildcard allows one', relayQuery('https://evil.x-acme.vercel.app')],
  ['an empty wildcard', relayQuery('https://-acme.vercel.app')],
  ['a label starting with a hyphen', relayQuery('https://--acme.vercel.app')],
  ['a trailing dot', relayQuery('https://app-acme.vercel.app.')],
  ['a backslash for the slashes', relayQuery('https:\\\\app-acme.vercel.app')],
  ['a scheme-relative origin', relayQuery('//app-acme.vercel.app')],
];

describe('GET /auth/wechat/relay: anything else is a 400 page, and the code goes nowhere', () => {
  it.each(REFUSED)('%s → 400, no redirect', async (_name, query) => {
    await expectRefused(await relay(relayRequest(fromWeChat(query))));
    expect(wechatCalls).toEqual([]);
  });

  it.each([
    ['no state', `${relayQuery(TEST_ORIGIN)}&code=${CODE}`],
    ['nothing from WeChat at all', relayQuery(TEST_ORIGIN)],
    ['a second target', `${fromWeChat(relayQuery(TEST_ORIGIN))}&to=${enc('https://evil.example')}`],
    ['a second signature', `${fromWeChat(relayQuery(TEST_ORIGIN))}&sig=${goodSig}`],
    ['a second code', `${fromWeChat(relayQuery(TEST_ORIGIN))}&code=${CODE}`],
    ['a state WeChat never sends (a hyphen)', `${relayQuery(TEST_ORIGIN)}&code=${CODE}&state=abc-def`],
    ['a state over 128 characters', `${relayQuery(TEST_ORIGIN)}&code=${CODE}&state=${'a'.repeat(129)}`],
    ['a code with a space', `${relayQuery(TEST_ORIGIN)}&code=a%20b&state=${STATE}`],
  ])('a link with %s → 400, no redirect', async (_name, query) => {
    const response = await relay(relayRequest(query));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('无法继续登录');
  });

  it('an oversized link → 431, no redirect', async () => {
    const response = await relay(relayRequest(`${fromWeChat(relayQuery(TEST_ORIGIN))}&x=${'a'.repeat(3000)}`));
    expect(response.status).toBe(431);
    expect(response.headers.get('location')).toBeNull();
  });
});

/** The allow-list's own meaning, written independently of lib/env/relay.ts: the oracle the generated links meet. */
const PREVIEW = /^https:\/\/[a-z0-9][a-z0-9-]{0,57}-acme\.vercel\.app$/;
const allowed = (origin: string) => origin === TEST_ORIGIN || PREVIEW.test(origin);

const label = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
const target = fc.oneof(
  fc.constantFrom(TEST_ORIGIN, 'https://app-acme.vercel.app', 'https://evil.example', 'http://wx.example.test'),
  label.map((l) => `https://${l}-acme.vercel.app`),
  fc
    .tuple(
      fc.constantFrom(TEST_ORIGIN, 'https://app-git-x-acme.vercel.app'),
      fc.nat(40),
      fc.constantFrom('', '.', '/', '@', ':', '%2F', '%2f', '\\', 'A', '-', '.evil.com', ':443', '#', '?', ' ', '%00'),
      fc.boolean(),
    )
    .map(([origin, at, insert, replace]) => {
      const i = at % (origin.length + 1);
      return origin.slice(0, i) + insert + origin.slice(replace ? i + 1 : i);
    }),
  fc.webUrl(),
  fc.string({ maxLength: 60 }),
);

describe('GET /auth/wechat/relay under generated links', () => {
  // Thousands of route calls: more than jest's default 5 s on a busy machine.
  jest.setTimeout(120_000);

  it('forwards only a link signed for exactly its own target, only to an allowed origin, never anywhere else', async () => {
    const signature = (to: string) =>
      fc.oneof(
        fc.constant(sig(to)),
        fc.constant(goodSig),
        fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        fc.string({ maxLength: 50 }),
        fc.constant(signRelayTarget(to, 'a-wrong-secret-of-at-least-32-characters')),
      );
    const link = target.chain((to) => signature(to).map((s) => ({ to, s })));
    let forwarded = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(link, async ({ to, s }) => {
        runs++;
        const response = await relay(relayRequest(fromWeChat(`to=${enc(to)}&sig=${enc(s)}`)));
        const forwards = s === sig(to) && allowed(to);
        expect({ to, s, status: response.status }).toEqual({ to, s, status: forwards ? 303 : 400 });
        expect(response.headers.get('location')).toBe(forwards ? forwardedTo(to) : null);
        if (forwards) forwarded++;
      }),
      { numRuns: 3000 },
    );
    // The generators reach both answers, so the property says something about each.
    expect(forwarded).toBeGreaterThan(runs / 30);
  });

  it('a genuine link tampered with anywhere never sends the code off the signed origin', async () => {
    const genuine = fromWeChat(relayQuery('https://app-git-x-acme.vercel.app'));
    const tampered = fc
      .tuple(fc.nat(genuine.length), fc.nat(3), fc.string({ unit: 'binary-ascii', maxLength: 4 }))
      .map(([at, cut, insert]) => genuine.slice(0, at) + insert + genuine.slice(Math.min(genuine.length, at + cut)));
    let forwarded = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(tampered, async (query) => {
        runs++;
        const response = await relay(relayRequest(query));
        const location = response.headers.get('location');
        if (location === null) return;
        forwarded++;
        expect(response.status).toBe(303);
        const url = new URL(location);
        expect(`${url.origin}${url.pathname}`).toBe('https://app-git-x-acme.vercel.app/auth/wechat/callback');
      }),
      { numRuns: 3000 },
    );
    expect(forwarded).toBeGreaterThan(runs / 30);
    expect(wechatCalls).toEqual([]);
  });
});

describe('a sign-in on a preview deployment through the relay', () => {
  /** The preview starts a sign-in; WeChat sends the user to its redirect_uri with a fresh code, as it does. */
  async function startOnPreview() {
    const start = await loadPreviewStart();
    const response = await start(request('/auth/wechat?returnTo=%2Fprofile'));
    const authorize = new URL(response.headers.get('location') ?? '');
    const state = authorize.searchParams.get('state') ?? '';
    const redirectUri = authorize.searchParams.get('redirect_uri') ?? '';
    const fromWeChatUrl = `${redirectUri}&code=${fake().issueCode('full')}&state=${state}`;
    return { stateCookie: `wx_state=${setCookieValue(response, 'wx_state')}`, redirectUri, fromWeChatUrl, state };
  }

  /** The relay, then the preview's own callback, as the browser follows them. */
  async function followRelay(url: string, cookie?: string) {
    const relayed = await relay(relayRequest(new URL(url).search.slice(1)));
    expect(relayed.status).toBe(303);
    const location = relayed.headers.get('location') ?? '';
    expect(location.startsWith(`${TEST_ORIGIN}/auth/wechat/callback?`)).toBe(true);
    return callback(request(location.slice(TEST_ORIGIN.length), cookie ? { cookie } : {}));
  }

  it('WeChat sends the code to the relay, the relay to the preview, and the preview signs in against its own state cookie', async () => {
    const { stateCookie, redirectUri, fromWeChatUrl } = await startOnPreview();
    expect(redirectUri).toBe(`${TEST_RELAY_ORIGIN}/auth/wechat/relay?${relayQuery(TEST_ORIGIN)}`);
    const signedIn = await followRelay(fromWeChatUrl, stateCookie);
    expect(signedIn).toLandOn('/profile');
    const session = await unsealSession(setCookieValue(signedIn, 'wx_session'), TEST_SESSION_SECRET);
    expect(session).toMatchObject({ openid: 'oMockFullProfile000000000001', app: 'mp' });
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/access_token': 1, 'sns/userinfo': 1 });
  });

  it('a replayed relay link with no state cookie on the target → 400 there, and the code is not exchanged again', async () => {
    const { stateCookie, fromWeChatUrl } = await startOnPreview();
    await followRelay(fromWeChatUrl, stateCookie);
    const replayed = await followRelay(fromWeChatUrl);
    expect(replayed.status).toBe(400);
    expect(await replayed.text()).toContain('授权链接已失效');
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/access_token': 1 });
  });

  it('a relay link with a fresh code, opened in a browser that started no sign-in on the target → 400, no exchange', async () => {
    const { fromWeChatUrl } = await startOnPreview();
    const response = await followRelay(fromWeChatUrl);
    expect(response.status).toBe(400);
    expect(wechatCalls).toEqual([]);
  });

  it('a refusal on WeChat’s page reaches the preview through the relay as its 403 page', async () => {
    const { stateCookie, redirectUri, state } = await startOnPreview();
    const refused = await followRelay(`${redirectUri}&state=${state}`, stateCookie);
    expect(refused.status).toBe(403);
    expect(wechatCalls).toEqual([]);
  });
});
