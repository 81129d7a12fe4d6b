import { expect, test, type Page } from '@playwright/test';
import { REAL_BASE_URL } from '../playwright.config';
import { PROFILE_URL } from './support';

const DESKTOP_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

async function signInAs(page: Page, persona: string): Promise<void> {
  await page.goto('/profile');
  await page.getByRole('radio', { name: new RegExp(persona) }).check();
  await page.getByRole('button', { name: '允许' }).click();
  await expect(page).toHaveURL(/\/profile$/);
}

test('a snapshot user sees a notice and a pointer to 「使用完整服务」 at the bottom right', async ({ page }) => {
  await signInAs(page, '快照页虚拟用户');
  await expect(page.getByRole('status').filter({ hasText: '当前为快照页预览' })).toContainText('右下角');
  await expect(page.getByRole('status').filter({ hasText: '当前为快照页预览' })).toContainText('「使用完整服务」');
  const pointer = await page.locator('.snapshot-pointer').boundingBox();
  const viewport = page.viewportSize();
  expect(pointer && viewport && pointer.x + pointer.width > viewport.width - 24).toBe(true);
  expect(pointer && viewport && pointer.y + pointer.height > viewport.height - 24).toBe(true);
});

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

for (const viewport of [
  { width: 320, height: 568 },
  { width: 375, height: 667 },
  { width: 390, height: 844 },
  { width: 414, height: 896 },
]) {
  test(`at ${viewport.width}×${viewport.height} the snapshot pointer never covers 退出登录, on first view or at the end of the page`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await signInAs(page, '快照页虚拟用户');
    const logout = page.getByRole('button', { name: '退出登录' });
    for (const scroll of ['first view', 'end of page']) {
      if (scroll === 'end of page') await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      const [pointerBox, logoutBox, lastCell] = await Promise.all([
        page.locator('.snapshot-pointer').boundingBox(),
        logout.boundingBox(),
        page.locator('.weui-cell').last().boundingBox(),
      ]);
      expect({ scroll, pointerBox: !!pointerBox, logoutBox: !!logoutBox }).toEqual({
        scroll,
        pointerBox: true,
        logoutBox: true,
      });
      expect({ scroll, pointerCoversLogout: overlaps(pointerBox!, logoutBox!) }).toEqual({
        scroll,
        pointerCoversLogout: false,
      });
      expect(logoutBox!.y + logoutBox!.height).toBeLessThanOrEqual(viewport.height);
      if (scroll === 'end of page')
        expect({ barCoversLastCell: lastCell!.y + lastCell!.height > Math.min(pointerBox!.y, logoutBox!.y) }).toEqual({
          barCoversLastCell: false,
        });
    }
    await logout.click();
    await expect(page).toHaveURL(/\/$/);
  });
}

const valueOf = (page: Page, label: string) =>
  page.locator('.weui-cell', { has: page.getByRole('term').filter({ hasText: label }) }).getByRole('definition');

test('a snsapi_base session shows the openid, whether it follows the account, and a button that asks for the full profile', async ({
  page,
}) => {
  await page.goto('/auth/wechat?scope=snsapi_base&returnTo=%2Fprofile');
  await expect(page).toHaveURL(PROFILE_URL);
  await expect(valueOf(page, 'openid')).toHaveText('oMockFullProfile000000000001');
  await expect(valueOf(page, '公众号')).toHaveText('已关注2019年3月15日 · 扫描二维码');
  const upgrade = page.getByRole('link', { name: '获取完整资料' });
  await expect(upgrade).toHaveAttribute('href', '/auth/wechat?scope=snsapi_userinfo&returnTo=%2Fprofile');
  await upgrade.click();
  await expect(page.getByRole('button', { name: '允许' })).toBeVisible();
});

test('a post-2021 user sees 未知 for sex and 未公开 for the region, never a blank cell', async ({ page }) => {
  await signInAs(page, '恩爸');
  await expect(valueOf(page, '性别')).toHaveText('未知');
  for (const label of ['省份', '城市', '国家']) await expect(valueOf(page, label)).toHaveText('未公开');
});

test('a user without an avatar sees a labelled placeholder, not a broken image', async ({ page }) => {
  await signInAs(page, '李雷');
  await expect(page.getByRole('img', { name: '李雷的头像（未设置）' })).toBeVisible();
  await expect(page.locator('img.avatar')).toHaveCount(0);
});

test('the logout button posts the form and lands on the landing page', async ({ page }) => {
  await signInAs(page, '张小明');
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name: '查看我的微信资料' })).toBeVisible();
});

test.describe('outside WeChat, with mock mode off', () => {
  test.use({ userAgent: DESKTOP_UA, isMobile: false, hasTouch: false, viewport: { width: 1280, height: 800 } });

  // The link handed out is the landing page's, never one that starts authorization as it opens (WECHAT-PROTOCOL §3).
  for (const [path, link] of [
    ['/', '/'],
    ['/auth/wechat?returnTo=%2Fprofile', '/'],
    ['/auth/wechat?returnTo=%2Fprofile%3Ftab%3D1', '/?returnTo=%2Fprofile%3Ftab%3D1'],
  ] as const) {
    test(`${path} explains it must be opened in WeChat, shows a QR code of the landing page and copies its link`, async ({
      page,
      context,
    }) => {
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: REAL_BASE_URL });
      await page.goto(`${REAL_BASE_URL}${path}`);
      await expect(page.getByRole('heading', { name: '请在微信中打开此页面' })).toBeVisible();
      await expect(page.getByRole('img', { name: '本页链接的二维码' }).locator('svg')).toBeVisible();
      await expect(page.getByRole('textbox', { name: '本页链接' })).toHaveValue(`${REAL_BASE_URL}${link}`);
      await page.getByRole('button', { name: '复制链接' }).click();
      await expect(page.getByRole('status')).toHaveText('链接已复制，发到微信里打开即可');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${REAL_BASE_URL}${link}`);
      expect(consoleErrors).toEqual([]);
    });
  }

  test('without JS the link stays selectable and no dead copy button is shown', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, userAgent: DESKTOP_UA });
    const page = await context.newPage();
    await page.goto(`${REAL_BASE_URL}/auth/wechat`);
    await expect(page.getByRole('textbox', { name: '本页链接' })).toBeVisible();
    await expect(page.getByRole('button', { name: '复制链接' })).toBeHidden();
    await context.close();
  });
});
