/**
 * The relay on one machine: production servers on loopback under different hosts. 127.0.0.1 plays the deployment
 * on the 网页授权域名 (WECHAT_RELAY_ALLOWED_ORIGINS); localhost a preview (WECHAT_AUTH_RELAY_URL) with the variables of
 * docs/relay.md's local recipe; app-git-x-acme.preview.test, which the browser maps to 127.0.0.1, a preview as on
 * Vercel (VERCEL=1: its origin from the Host), allowed by wildcard. All run the built-in mock, each its own
 * in-process fake: a preview's fake issues the code, redirecting only to the relay's host as WeChat redirects
 * only to the authorized domain, and the preview redeems it with the same fake once the relay has forwarded it.
 */
import { createHmac } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import {
  E2E_RELAY_SECRET,
  PREVIEW_BASE_URL,
  RELAY_BASE_URL,
  WILDCARD_PREVIEW_BASE_URL,
  WILDCARD_PREVIEW_LOCAL_URL,
} from '../playwright.config';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium';
import { MOCK_AUTHORIZE, answerConsent, screenshot } from './support';

test.use({
  baseURL: PREVIEW_BASE_URL,
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP *.preview.test 127.0.0.1'],
  },
});

/** How many codes the mock WeChat of the server at `base` has exchanged, over its whole life. */
async function exchanges(request: APIRequestContext, base: string): Promise<number> {
  const stats = (await (await request.get(`${base}/mock-wechat/__stats`)).json()) as { calls: Record<string, number> };
  return stats.calls['sns/oauth2/access_token'] ?? 0;
}

/** Every navigation's URL and status, redirects included. */
function recordNavigations(page: Page): Array<{ url: string; status: number }> {
  const seen: Array<{ url: string; status: number }> = [];
  page.on('response', (response) => {
    if (response.request().isNavigationRequest()) seen.push({ url: response.url(), status: response.status() });
  });
  return seen;
}

/** The link the preview signs (lib/auth/relay-signature.ts, which the server-only fence keeps out of this process). */
const relayLinkFor = (origin: string) => {
  const sig = createHmac('sha256', E2E_RELAY_SECRET)
    .update(`wechat-oauth-next relay target v1\n${origin}`)
    .digest('base64url');
  return `${RELAY_BASE_URL}/auth/wechat/relay?to=${encodeURIComponent(origin)}&sig=${sig}`;
};

for (const [preview, local] of [
  [PREVIEW_BASE_URL, PREVIEW_BASE_URL],
  [WILDCARD_PREVIEW_BASE_URL, WILDCARD_PREVIEW_LOCAL_URL],
] as const) {
  test(`a WeChat user signs in on the preview ${new URL(preview).hostname} through the relay on the authorized host`, async ({
    page,
    context,
    request,
  }) => {
    const navigations = recordNavigations(page);
    // Each preview's stats are read through localhost, which the test runner can resolve.
    const before = {
      preview: await exchanges(request, local),
      relay: await exchanges(request, RELAY_BASE_URL),
    };

    await page.goto(`${preview}/`);
    await page.getByRole('link', { name: '查看我的微信资料' }).click();
    await expect(page).toHaveURL(MOCK_AUTHORIZE);
    expect(new URL(page.url()).searchParams.get('redirect_uri')).toBe(relayLinkFor(preview));
    await answerConsent(page, { persona: 'full' });
    await expect(page).toHaveURL(`${preview}/profile`);
    await expect(page).toHaveTitle('张小明的个人主页');

    // WeChat → the relay (one 303) → the preview's callback (303) → the profile.
    const relayed = navigations.findIndex(({ url }) => url.startsWith(`${RELAY_BASE_URL}/auth/wechat/relay?`));
    expect(
      navigations.slice(relayed).map(({ url, status }) => [new URL(url).origin + new URL(url).pathname, status]),
    ).toEqual([
      [`${RELAY_BASE_URL}/auth/wechat/relay`, 303],
      [`${preview}/auth/wechat/callback`, 303],
      [`${preview}/profile`, 200],
    ]);
    // The preview's fake redeemed the code it issued; nothing asked the relay's WeChat for anything.
    expect(await exchanges(request, local)).toBe(before.preview + 1);
    expect(await exchanges(request, RELAY_BASE_URL)).toBe(before.relay);
    // The session belongs to the preview; the relay's host holds no cookie at all.
    const cookies = await context.cookies();
    expect(cookies.filter(({ domain }) => domain === '127.0.0.1')).toEqual([]);
    expect(cookies.find(({ name }) => name === 'wx_session')?.domain).toBe(new URL(preview).hostname);
    await screenshot(page, `relay-sign-in-${new URL(preview).hostname}`);
  });
}

test('a replayed relay link in a browser with no state cookie on the preview gets its 400 page, and no exchange', async ({
  page,
  browser,
  request,
}) => {
  const navigations = recordNavigations(page);
  await page.goto('/profile');
  await answerConsent(page, { persona: 'full' });
  await expect(page).toHaveTitle('张小明的个人主页');
  const relayUrl = navigations.find(({ url }) => url.startsWith(`${RELAY_BASE_URL}/auth/wechat/relay?`))?.url ?? '';
  expect(relayUrl).toMatch(/&code=\w+&state=\w+$/);
  const exchangesAfterSignIn = await exchanges(request, PREVIEW_BASE_URL);

  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  const response = await other.goto(relayUrl);
  expect(response?.status()).toBe(400);
  expect(other.url()).toContain(`${PREVIEW_BASE_URL}/auth/wechat/callback?code=`);
  await expect(other.getByRole('heading', { name: '授权链接已失效' })).toBeVisible();
  expect(await exchanges(request, PREVIEW_BASE_URL)).toBe(exchangesAfterSignIn);
  await elsewhere.close();
});

test('a refusal on the consent sheet travels through the relay to the preview’s own 403 page', async ({ page }) => {
  await page.goto('/profile');
  await answerConsent(page, { allow: false });
  await expect(page).toHaveURL(new RegExp(`^${PREVIEW_BASE_URL}/auth/wechat/callback\\?state=\\w+$`));
  await expect(page.getByRole('heading', { name: '你没有授权，我们无法显示你的资料' })).toBeVisible();
});

test('the relay answers a link naming another origin, or signed with another secret, with its 400 page and goes nowhere', async ({
  page,
}) => {
  const forged = relayLinkFor(PREVIEW_BASE_URL).replace(
    encodeURIComponent(PREVIEW_BASE_URL),
    encodeURIComponent('http://localhost:3999'),
  );
  const offList = relayLinkFor('http://localhost:3999');
  const otherSecret = `${RELAY_BASE_URL}/auth/wechat/relay?to=${encodeURIComponent(PREVIEW_BASE_URL)}&sig=${'A'.repeat(43)}`;
  for (const link of [forged, offList, otherSecret]) {
    const response = await page.goto(`${link}&code=021wn10w3otnc23Qtt0w3QFXD62wn10D&state=abc`);
    expect(response?.status()).toBe(400);
    expect(page.url().startsWith(`${RELAY_BASE_URL}/auth/wechat/relay?`)).toBe(true);
    await expect(page.getByRole('heading', { name: '无法继续登录' })).toBeVisible();
  }
  await screenshot(page, 'relay-refused');
});

test('the preview’s own host is no authorized domain: its mock WeChat refuses a redirect_uri there (10003)', async ({
  page,
}) => {
  const direct = encodeURIComponent(`${PREVIEW_BASE_URL}/auth/wechat/callback`);
  await page.goto(
    `/mock-wechat/connect/oauth2/authorize?appid=wxmock0000000000001&redirect_uri=${direct}&response_type=code&scope=snsapi_base&state=abc#wechat_redirect`,
  );
  await expect(page.getByRole('heading', { name: 'redirect_uri域名与后台配置不一致' })).toBeVisible();
  await expect(page.getByText('错误码:10003')).toBeVisible();
});

test('the relay is off (404) on a deployment without WECHAT_RELAY_ALLOWED_ORIGINS', async ({ request }) => {
  const response = await request.get(`${PREVIEW_BASE_URL}/auth/wechat/relay?to=x&sig=y&code=z&state=abc`, {
    maxRedirects: 0,
  });
  expect(response.status()).toBe(404);
});
