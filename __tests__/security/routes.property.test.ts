import fc from 'fast-check';
import { NextRequest } from 'next/server';
import { GET as start } from '@/app/auth/wechat/route';
import { GET as callback } from '@/app/auth/wechat/callback/route';
import { GET as refresh } from '@/app/auth/wechat/refresh/route';
import { POST as logout } from '@/app/auth/logout/route';
import { setupFakeWeChat } from '../support/fake-wechat-server';
import { DESKTOP_UA, TEST_OAUTH_BASE, TEST_ORIGIN, WECHAT_UA } from '../support/env';
import { startAuthorization } from '../support/requests';
import { sessionCookie, sessionFor } from '../support/sessions';

const { fake } = setupFakeWeChat();
// Generated codes fail at the fake WeChat, which logs a wechat_error line each time; nothing here reads them.
beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

const hostile = fc.constantFrom(
  '',
  '/',
  '//evil.example',
  '\\\\evil.example',
  '/%2F%2Fevil.example',
  'https://evil.example/',
  'javascript:alert(1)',
  '%',
  '%zz',
  '%E0%A4%A',
  '%00',
  '%0d%0aSet-Cookie:%20x=1',
  '<script>',
  '"\'><img>',
  'snsapi_base',
  'snsapi_userinfo',
  '1',
  '9',
  '10',
  '/profile',
  '/auth/wechat',
  'a'.repeat(600),
  '%u2215',
  '．．／',
  '\u202e',
);
const value = fc.oneof(
  hostile,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.stringMatching(/^[A-Za-z0-9]{1,200}$/),
);
const name = fc.constantFrom('code', 'state', 'scope', 'returnTo', 'hop', 'connect_redirect', 'x', '', '%63ode');
const query = fc.oneof(
  fc
    .array(fc.tuple(name, value), { maxLength: 8 })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')),
  fc.array(fc.tuple(name, value), { maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&')),
  fc.string({ maxLength: 120 }),
  fc.nat({ max: 5000 }).map((n) => `returnTo=${'%2F'.repeat(n)}`),
);

interface Valid {
  state: string;
  stateCookie: string;
  session: string;
}

/** Cookie headers as a browser (or an attacker's script) could send them: genuine, tampered, doubled, oversized. */
function cookieHeader(valid: Valid) {
  const printable = fc.stringMatching(/^[\x21-\x3a\x3c-\x7e]{0,300}$/);
  const piece = fc.oneof(
    fc.constant(valid.stateCookie),
    fc.constant(valid.session),
    printable.map((v) => `wx_state=${v}`),
    printable.map((v) => `wx_session=${v}`),
    fc.constant(`${valid.session.slice(0, -5)}AAAAA`),
    fc.constant(`x=${'y'.repeat(9000)}`),
    printable.map((v) => `other=${v}`),
  );
  return fc.array(piece, { maxLength: 4 }).map((pieces) => pieces.join('; '));
}

function expectSafe(response: Response): void {
  expect(response.status).toBeLessThan(500);
  const location = response.headers.get('location');
  if (!location) return;
  const target = new URL(location);
  if (target.origin === TEST_OAUTH_BASE) {
    expect(new URL(target.searchParams.get('redirect_uri') ?? '').origin).toBe(TEST_ORIGIN);
  } else {
    expect(target.origin).toBe(TEST_ORIGIN);
  }
}

async function validInputs(): Promise<Valid> {
  const { state, stateCookie } = await startAuthorization();
  return { state, stateCookie, session: await sessionCookie(await sessionFor(fake())) };
}

const RUNS = 1500;
// Thousands of runs, some drawing QR codes: more than jest's default 5 s on a busy machine.
jest.setTimeout(120_000);

describe('route handlers under generated input', () => {
  it('GET /auth/wechat never answers 5xx, never throws, never redirects off-site', async () => {
    const valid = await validInputs();
    await fc.assert(
      fc.asyncProperty(
        query,
        cookieHeader(valid),
        fc.constantFrom(WECHAT_UA, DESKTOP_UA, ''),
        async (q, cookie, ua) => {
          expectSafe(
            await start(new NextRequest(`${TEST_ORIGIN}/auth/wechat?${q}`, { headers: { cookie, 'user-agent': ua } })),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('GET /auth/wechat/callback never answers 5xx, never throws, never redirects off-site', async () => {
    const valid = await validInputs();
    const withValidState = fc
      .tuple(fc.string({ maxLength: 40 }), fc.boolean())
      .map(([code, keep]) => `code=${encodeURIComponent(code)}&state=${keep ? valid.state : 'x'}`);
    await fc.assert(
      fc.asyncProperty(fc.oneof(query, withValidState), cookieHeader(valid), async (q, cookie) => {
        expectSafe(
          await callback(
            new NextRequest(`${TEST_ORIGIN}/auth/wechat/callback?${q}`, {
              headers: { cookie, 'user-agent': WECHAT_UA },
            }),
          ),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('GET /auth/wechat/refresh never answers 5xx, never throws, never redirects off-site', async () => {
    const valid = await validInputs();
    await fc.assert(
      fc.asyncProperty(query, cookieHeader(valid), async (q, cookie) => {
        expectSafe(await refresh(new NextRequest(`${TEST_ORIGIN}/auth/wechat/refresh?${q}`, { headers: { cookie } })));
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /auth/logout never answers 5xx, only ever sends the browser home, and never ends the session for another site', async () => {
    const valid = await validInputs();
    const origin = fc.oneof(
      fc.constant(TEST_ORIGIN),
      fc.constant('null'),
      fc.webUrl(),
      fc.stringMatching(/^[\x21-\x7e]{0,60}$/),
    );
    const site = fc.option(fc.constantFrom('same-origin', 'same-site', 'cross-site', 'none', 'Cross-Site', ''), {
      nil: undefined,
    });
    await fc.assert(
      fc.asyncProperty(origin, site, cookieHeader(valid), async (o, s, cookie) => {
        const headers: Record<string, string> = {
          cookie,
          origin: o,
          ...(s === undefined ? {} : { 'sec-fetch-site': s }),
        };
        const response = await logout(new NextRequest(`${TEST_ORIGIN}/auth/logout`, { method: 'POST', headers }));
        expectSafe(response);
        expect(response).toRedirectTo('/', 303);
        if (s === 'cross-site' || s === 'same-site') expect(response.headers.getSetCookie()).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
