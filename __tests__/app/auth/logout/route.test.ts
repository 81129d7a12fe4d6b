/** POST /auth/logout ends the session and 303s home; a logout another site posts is ignored. */
import { GET, POST } from '@/app/auth/logout/route';
import { TEST_ORIGIN } from '../../../support/env';
import { request, setCookieLine } from '../../../support/requests';

const post = (headers: Record<string, string>) =>
  POST(request('/auth/logout', { method: 'POST', cookie: 'wx_session=abc', headers }));

function expectSessionEnded(response: Response): void {
  expect(response).toRedirectTo('/', 303);
  expect(setCookieLine(response, 'wx_session')).toMatch(/Max-Age=0/);
}

function expectSessionKept(response: Response): void {
  expect(response).toRedirectTo('/', 303);
  expect(setCookieLine(response, 'wx_session')).toBeUndefined();
}

describe('POST /auth/logout', () => {
  it('ends the session and 303s home', async () => {
    expectSessionEnded(await post({ origin: TEST_ORIGIN }));
  });

  // Our own form sends Origin: null, because the page's Referrer-Policy is no-referrer.
  it('ends the session when the browser says the form is this site’s own, even with Origin: null', async () => {
    expectSessionEnded(await post({ 'sec-fetch-site': 'same-origin', origin: 'null' }));
    expectSessionEnded(await post({ 'sec-fetch-site': 'none' }));
  });

  it.each(['cross-site', 'same-site'])(
    'keeps the session and 303s home when the browser says the form came from a %s page, whatever Origin says',
    async (site) => {
      expectSessionKept(await post({ 'sec-fetch-site': site, origin: 'null' }));
      expectSessionKept(await post({ 'sec-fetch-site': site }));
      expectSessionKept(await post({ 'sec-fetch-site': site, origin: TEST_ORIGIN }));
    },
  );

  it('without Sec-Fetch-Site (older browsers), ignores a logout whose Origin is another site', async () => {
    expectSessionKept(await post({ origin: 'https://evil.example' }));
    expectSessionKept(await post({ origin: 'https://wx.example.test.evil.example' }));
  });

  it('without Sec-Fetch-Site (older browsers), accepts Origin: null or none, as our own no-referrer form sends', async () => {
    expectSessionEnded(await post({ origin: 'null' }));
    expectSessionEnded(await post({}));
  });
});

describe('GET /auth/logout', () => {
  it('never ends the session (a link or an image could send it): it only goes home', async () => {
    expectSessionKept(await GET(request('/auth/logout', { cookie: 'wx_session=abc' })));
  });
});
