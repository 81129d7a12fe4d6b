import { expect, test } from '@playwright/test';
import { MISCONFIGURED_BASE_URL } from '../playwright.config';

test.use({ baseURL: MISCONFIGURED_BASE_URL });

test.describe('a deployment without WECHAT_APPID', () => {
  for (const path of ['/', '/profile', '/auth/wechat?returnTo=%2Fprofile', '/auth/wechat/callback?code=a&state=b']) {
    test(`answers ${path} with the zh-CN apology page (500), which works without JS`, async ({ browser }) => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      const response = await page.goto(path);
      expect(response?.status()).toBe(500);
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
      await expect(page.getByRole('heading', { name: '抱歉，服务暂时不可用' })).toBeVisible();
      await expect(page.getByRole('link', { name: '返回首页' })).toHaveAttribute('href', '/');
      await expect(page.locator('body')).not.toContainText(/WECHAT_|Error|at /);
      await context.close();
    });
  }

  test('answers the health check with 500 JSON that names the variable, so a monitor sees it too', async ({
    request,
  }) => {
    const response = await request.get('/api/health');
    expect(response.status()).toBe(500);
    expect(await response.json()).toEqual({
      status: 'misconfigured',
      problem: expect.stringMatching(/^Invalid configuration: WECHAT_APPID is not set/),
    });
  });
});
