import { expect, test, type Page } from '@playwright/test';
import { REDIS_APP_BASE_URL } from '../playwright.config';
import { signIn } from './support';

const PREVERIFY = '/mock-wechat/jssdk/preverify';
const CONFIG = '/api/wechat/jssdk-config';
const DESKTOP_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

type SharedCards = Record<string, { title: string; desc?: string; link: string; imgUrl: string }>;
const sharedCards = (page: Page) =>
  page.evaluate(() => (window as unknown as { __mockWeChatShare?: SharedCards }).__mockWeChatShare ?? null);

/** Signs in and waits for the mock WeChat's verdict on the page's wx.config. */
async function signInAndVerify(page: Page): Promise<string> {
  const verdict = page.waitForResponse((r) => r.url().endsWith(PREVERIFY));
  await signIn(page);
  return ((await (await verdict).json()) as { errMsg: string }).errMsg;
}

test('in WeChat the profile sets the share card with a signature the mock WeChat verified', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  expect(await signInAndVerify(page)).toBe('config:ok');
  await expect(page.getByRole('status').filter({ hasText: '分享卡片已设置' })).toBeVisible();
  const origin = new URL(page.url()).origin;
  expect(await sharedCards(page)).toEqual({
    updateAppMessageShareData: {
      title: '微信网页授权示例',
      desc: '在微信中打开，授权后即可查看你的微信个人资料。',
      link: `${origin}/`,
      imgUrl: `${origin}/share-icon.png`,
    },
    updateTimelineShareData: { title: '微信网页授权示例', link: `${origin}/`, imgUrl: `${origin}/share-icon.png` },
  });
  expect(errors).toEqual([]);
});

test('after an invalid signature the page asks once more for a fresh one, and then has its share card', async ({
  page,
}) => {
  let asked = 0;
  await page.route(`**${CONFIG}?*`, async (route) => {
    const answer = await route.fetch();
    const config = (await answer.json()) as Record<string, unknown>;
    const spoilt = ++asked === 1 ? { ...config, signature: '0'.repeat(40) } : config;
    await route.fulfill({ response: answer, json: spoilt });
  });
  expect(await signInAndVerify(page)).toBe('config:invalid signature');
  await expect(page.getByRole('status').filter({ hasText: '分享卡片已设置' })).toBeVisible();
  expect(asked).toBe(2);
});

test('when the signature keeps failing the page gives up quietly after one retry, the profile unchanged', async ({
  page,
}) => {
  let asked = 0;
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  const verdicts: string[] = [];
  page.on('response', async (r) => {
    if (r.url().endsWith(PREVERIFY)) verdicts.push(((await r.json()) as { errMsg: string }).errMsg);
  });
  await page.route(`**${CONFIG}?*`, async (route) => {
    asked++;
    const answer = await route.fetch();
    await route.fulfill({ response: answer, json: { ...(await answer.json()), signature: '0'.repeat(40) } });
  });
  // Counted in the page, in order: once the page's own handler of the second wx.error has returned, any fetch it
  // started has been counted, so nothing is left to wait for.
  await page.addInitScript(() => {
    const seen = { errorsHandled: 0, configFetches: 0 };
    const realFetch = window.fetch.bind(window);
    window.fetch = (input, init) => {
      if (String(input).includes('/api/wechat/jssdk-config')) seen.configFetches++;
      return realFetch(input, init);
    };
    let wx: { error(fn: (e: unknown) => void): void } | undefined;
    Object.defineProperty(window, '__shareCardSeen', { get: () => seen });
    Object.defineProperty(window, 'wx', {
      configurable: true,
      get: () => wx,
      set: (value: NonNullable<typeof wx>) => {
        const register = value.error.bind(value);
        value.error = (fn) => register((e) => (fn(e), seen.errorsHandled++));
        wx = value;
      },
    });
  });
  const seen = () =>
    page.evaluate(
      () =>
        (window as unknown as { __shareCardSeen: { errorsHandled: number; configFetches: number } }).__shareCardSeen,
    );
  await signIn(page);
  await expect.poll(async () => (await seen()).errorsHandled).toBe(2);
  expect(verdicts).toEqual(['config:invalid signature', 'config:invalid signature']);
  expect((await seen()).configFetches).toBe(2);
  expect(asked).toBe(2);
  await expect(page).toHaveTitle('张小明的个人主页');
  expect(await sharedCards(page)).toBeNull();
  await expect(page.getByRole('status').filter({ hasText: '分享卡片已设置' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test.describe('outside WeChat', () => {
  test.use({ userAgent: DESKTOP_UA, isMobile: false, hasTouch: false, viewport: { width: 1280, height: 800 } });

  test('the profile loads no JS-SDK and asks for no signature', async ({ page }) => {
    const asked: string[] = [];
    page.on('request', (r) => /jweixin|jssdk-config/.test(r.url()) && asked.push(r.url()));
    await signIn(page);
    await expect(page).toHaveTitle('张小明的个人主页');
    // The share card's script is what would ask: without it on the page, nothing can.
    await expect(page.locator('script[src="/scripts/share-card.js"]')).toHaveCount(0);
    await page.waitForLoadState('load');
    expect(asked).toEqual([]);
  });
});

test.describe('with the account token and ticket in a real Redis', () => {
  test.use({ baseURL: REDIS_APP_BASE_URL });

  test('the share card is set with a signature the mock WeChat verified', async ({ page }) => {
    expect(await signInAndVerify(page)).toBe('config:ok');
    await expect(page.getByRole('status').filter({ hasText: '分享卡片已设置' })).toBeVisible();
  });
});
