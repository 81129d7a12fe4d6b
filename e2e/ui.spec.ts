import { expect, test, type Page } from '@playwright/test';
import { FOLLOW_URL } from '../playwright.config';

const BACKGROUND = { light: 'rgb(237, 237, 237)', dark: 'rgb(17, 17, 17)' } as const;

async function signInAs(page: Page, persona: string): Promise<void> {
  await page.goto('/profile');
  await page.getByRole('radio', { name: new RegExp(persona) }).check();
  await page.getByRole('button', { name: '允许' }).click();
  await expect(page).toHaveURL(/\/profile$/);
}

async function expectFitsWidth(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/** Every visible button, link, field and radio row is at least 44×44 CSS px. */
async function expectTouchTargets(page: Page): Promise<void> {
  const small = await page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        'a, button, input:not([type=hidden]):not([type=radio]), select, label:has(input[type=radio])',
      ),
    ]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({
        text: el.textContent?.trim() || el.getAttribute('aria-label') || el.tagName,
        box: el.getBoundingClientRect(),
      }))
      .filter(({ box }) => box.width < 44 || box.height < 44)
      .map(({ text }) => text),
  );
  expect(small).toEqual([]);
}

for (const scheme of ['light', 'dark'] as const) {
  for (const width of [320, 390]) {
    test.describe(`${scheme} scheme at ${width} px`, () => {
      test.use({ viewport: { width, height: 740 }, colorScheme: scheme });

      test('the landing page asks before it authorizes, fits the screen and has big enough targets', async ({
        page,
      }) => {
        await page.goto('/');
        await expect(page.locator('body')).toHaveCSS('background-color', BACKGROUND[scheme]);
        await expect(page.getByRole('link', { name: '查看我的微信资料' })).toHaveAttribute(
          'href',
          '/auth/wechat?returnTo=%2Fprofile',
        );
        await expectFitsWidth(page);
        await expectTouchTargets(page);
      });

      test('the consent sheet fits the screen with big enough persona rows and buttons', async ({ page }) => {
        await page.goto('/profile');
        await expect(page.getByRole('button', { name: '允许' })).toBeVisible();
        await expect(page.locator('body')).toHaveCSS('background-color', BACKGROUND[scheme]);
        await expectFitsWidth(page);
        await expectTouchTargets(page);
      });

      test('a full profile shows the avatar above a WeUI cell list and fits the screen', async ({ page }) => {
        await signInAs(page, '张小明');
        const avatar = page.getByRole('img', { name: '张小明的头像' });
        await expect(avatar).toHaveAttribute('referrerpolicy', 'no-referrer');
        await expect(avatar).toHaveJSProperty('complete', true);
        await expect(avatar).toHaveAttribute('src', /\/132$/);
        expect(await avatar.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(132);
        await expect(page.getByRole('definition').filter({ hasText: '深圳' })).toBeVisible();
        await expect(page.locator('body')).toHaveCSS('background-color', BACKGROUND[scheme]);
        await expectFitsWidth(page);
        await expectTouchTargets(page);
      });

      test('the 公众号 row says 已关注 for 张小明, then 未关注 with a 关注公众号 button for 恩爸, fitting the screen, without a CSP error', async ({
        page,
      }) => {
        const errors: string[] = [];
        page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
        const row = page.locator('.weui-cell', { has: page.getByText('公众号', { exact: true }) });
        await signInAs(page, '张小明');
        await expect(row.getByRole('definition')).toHaveText('已关注2019年3月15日 · 扫描二维码');
        await expect(row.getByRole('link')).toHaveCount(0);
        await expectFitsWidth(page);
        await page.getByRole('button', { name: '退出登录' }).click();
        await signInAs(page, '恩爸');
        await expect(row.getByRole('definition')).toContainText('未关注');
        await expect(row.getByRole('link', { name: '关注公众号' })).toHaveAttribute('href', FOLLOW_URL);
        await expect(page.locator('body')).toHaveCSS('background-color', BACKGROUND[scheme]);
        await expectFitsWidth(page);
        await expectTouchTargets(page);
        expect(errors).toEqual([]);
      });

      test('a long emoji nickname and long ids wrap instead of widening the page', async ({ page }) => {
        await signInAs(page, '熊猫');
        await expect(page.getByRole('heading', { level: 1 })).toContainText('Panda');
        await expectFitsWidth(page);
      });

      test('an error page fits the screen and keeps its buttons big enough', async ({ page }) => {
        await page.goto('/profile');
        await page.getByRole('button', { name: '拒绝' }).click();
        await expect(page.getByRole('link', { name: '重新授权' })).toBeVisible();
        await expect(page.locator('body')).toHaveCSS('background-color', BACKGROUND[scheme]);
        await expectFitsWidth(page);
        await expectTouchTargets(page);
      });
    });
  }
}
