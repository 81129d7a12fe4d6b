import { GET as callback } from '@/app/auth/wechat/callback/route';
import { GET as startQr } from '@/app/auth/wechat/qr/route';
import { GET as refresh } from '@/app/auth/wechat/refresh/route';
import { GET as startAuth } from '@/app/auth/wechat/route';
import { signInPath } from '@/lib/auth/links';
import { loadProfile } from '@/lib/auth/renewal';

type ProfileLoad = Awaited<ReturnType<typeof loadProfile>>;
import type { WeChatSession } from '@/lib/session/session';
import { unsealSession } from '@/lib/session/session';
import type { FakeWeChat } from '@/mocks/wechat/fake-wechat';
import type { PersonaId } from '@/mocks/wechat/personas';
import { TEST_OAUTH_BASE, TEST_ORIGIN, TEST_SESSION_SECRET } from './env';
import { request } from './requests';
import { asWeChat } from './sessions';

/** Where a visit ended: a page of a route handler, or the profile page with what it showed. */
export type Landing = { kind: 'page'; response: Response } | { kind: 'profile'; shown: ProfileLoad };

export interface Walk {
  /** Every URL the browser was sent to, in order (WeChat's authorize page included). */
  hops: string[];
  landing: Landing;
}

/**
 * A phone's browser in jest: a cookie jar that follows the app's redirects through its route handlers, the
 * /profile page's loader (as app/profile/page.tsx runs it) and WeChat's authorize page, where the user consents
 * as `persona`. `beforeEach(url)` runs before every request (e.g. to move the clock on, or to wait a moment).
 */
export function createBrowser(fake: () => FakeWeChat, persona: PersonaId = 'full') {
  const jar = new Map<string, string>();
  const setCookieLines = new Map<string, string>();
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

  function keepCookies(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(name.length + 1);
      setCookieLines.set(name, line);
      if (/Max-Age=0/i.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  }

  /**
   * WeChat's authorize page: the user agrees, and WeChat redirects to redirect_uri with a fresh code. On the
   * website app's QR page (connect/qrconnect) the user scans and confirms, and the code is the website app's.
   */
  function consent(authorizeUrl: URL): string {
    const scope = authorizeUrl.searchParams.get('scope') === 'snsapi_base' ? 'snsapi_base' : 'snsapi_userinfo';
    const qr = authorizeUrl.pathname.endsWith('/connect/qrconnect');
    const redirectUri = new URL(authorizeUrl.searchParams.get('redirect_uri') ?? '');
    const code = qr ? fake().issueCode(persona, 'snsapi_login', null, 'open') : fake().issueCode(persona, scope);
    redirectUri.searchParams.set('code', code);
    redirectUri.searchParams.set('state', authorizeUrl.searchParams.get('state') ?? '');
    return redirectUri.toString().slice(TEST_ORIGIN.length);
  }

  async function profile(): Promise<{ to: string } | { shown: ProfileLoad }> {
    const session = await unsealSession(jar.get('wx_session'), TEST_SESSION_SECRET);
    if (!session) return { to: signInPath() };
    const shown = await loadProfile(session);
    return shown.kind === 'redirect' ? { to: shown.to } : { shown };
  }

  async function answer(path: string): Promise<Response> {
    const req = request(path, { cookie: cookie() });
    if (path.startsWith('/auth/wechat/callback')) return callback(req);
    if (path.startsWith('/auth/wechat/refresh')) return refresh(req);
    if (path.startsWith('/auth/wechat/qr')) return startQr(req);
    if (path.startsWith('/auth/wechat')) return startAuth(req);
    throw new Error(`the test browser does not know ${path}`);
  }

  return {
    session: async (): Promise<WeChatSession | null> =>
      asWeChat(await unsealSession(jar.get('wx_session'), TEST_SESSION_SECRET)),
    cookie,
    /** The last Set-Cookie line the app sent for `name`. */
    setCookieLine: (name: string): string | undefined => setCookieLines.get(name),

    /** Opens a link that starts a sign-in, up to WeChat's page, where the user has not answered yet: its URL. */
    async begin(path: string): Promise<URL> {
      const response = await answer(path);
      keepCookies(response);
      return new URL(response.headers.get('location') ?? '');
    },

    /** The user answers the WeChat page `begin` reached: the app's answer to the callback, not followed. */
    async comeBack(authorizeUrl: URL): Promise<Response> {
      const response = await answer(consent(authorizeUrl));
      keepCookies(response);
      return response;
    },

    /** Opens `path` and follows redirects until a page, or until `limit` redirects (then it stops, as a browser would). */
    async visit(
      path: string,
      {
        limit = 30,
        beforeEach = () => undefined,
      }: { limit?: number; beforeEach?: (url: string) => void | Promise<void> } = {},
    ): Promise<Walk> {
      const hops: string[] = [];
      let url = path;
      for (;;) {
        await beforeEach(url);
        if (url.startsWith(TEST_OAUTH_BASE)) {
          url = consent(new URL(url));
        } else if (url === '/profile') {
          const next = await profile();
          if ('shown' in next) return { hops, landing: { kind: 'profile', shown: next.shown } };
          url = next.to;
        } else {
          const response = await answer(url);
          keepCookies(response);
          const location = response.headers.get('location');
          if (response.status < 300 || response.status >= 400 || !location)
            return { hops, landing: { kind: 'page', response } };
          // The fragment stays in the browser: it never reaches the server.
          url = location.startsWith(TEST_ORIGIN) ? location.slice(TEST_ORIGIN.length).replace(/#.*$/, '') : location;
        }
        hops.push(url);
        if (hops.length >= limit)
          throw new Error(`still redirecting after ${limit} hops: ${hops.slice(-6).join(' → ')}`);
      }
    },
  };
}
