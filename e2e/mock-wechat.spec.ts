import { expect, test } from '@playwright/test';
import { screenshot } from './support';

const CALLBACK = encodeURIComponent('http://localhost/auth/wechat/callback');

test('an authorize link with its parameters out of order gets WeChat’s error page, never a redirect', async ({
  page,
}) => {
  const response = await page.goto(
    `/mock-wechat/connect/oauth2/authorize?appid=wxmock0000000000001&redirect_uri=${CALLBACK}&scope=snsapi_userinfo&response_type=code&state=abc#wechat_redirect`,
  );
  expect(response?.status()).toBe(200);
  expect(page.url()).toContain('/mock-wechat/connect/oauth2/authorize');
  await expect(page.getByRole('heading', { name: 'Scope 参数错误或没有 Scope 权限' })).toBeVisible();
  await expect(page.getByText('错误码:10005')).toBeVisible();
  await screenshot(page, 'mock-authorize-10005');
});

test('an authorize link without a state gets WeChat’s error page 10013', async ({ page }) => {
  await page.goto(
    `/mock-wechat/connect/oauth2/authorize?appid=wxmock0000000000001&redirect_uri=${CALLBACK}&response_type=code&scope=snsapi_base#wechat_redirect`,
  );
  await expect(page.getByRole('heading', { name: 'state不能为空' })).toBeVisible();
  await expect(page.getByText('错误码:10013')).toBeVisible();
  await screenshot(page, 'mock-authorize-10013');
});
