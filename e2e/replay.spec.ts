import { expect, test } from '@playwright/test';
import { answerConsent, codeExchanges, screenshot } from './support';

test('reloading, going back and forward, and replaying the callback after sign-in never show an error or exchange a code again', async ({
  page,
  request,
}) => {
  const statuses: number[] = [];
  let callbackUrl = '';
  page.on('response', (response) => {
    if (response.request().isNavigationRequest()) statuses.push(response.status());
    if (response.url().includes('/auth/wechat/callback?code=')) callbackUrl = response.url();
  });
  await page.goto('/');
  await page.getByRole('link', { name: '查看我的微信资料' }).click();
  await answerConsent(page);
  await expect(page).toHaveTitle('张小明的个人主页');
  const exchangesAfterSignIn = await codeExchanges(request);

  await page.reload();
  await expect(page).toHaveTitle('张小明的个人主页');
  await page.goBack();
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await page.goForward();
  await page.goForward();
  await expect(page).toHaveTitle('张小明的个人主页');

  expect(callbackUrl).not.toBe('');
  await page.goto(callbackUrl);
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page).toHaveTitle('张小明的个人主页');

  expect(await codeExchanges(request)).toBe(exchangesAfterSignIn);
  expect(statuses.filter((status) => status >= 400)).toEqual([]);
  await screenshot(page, 'after-reload-back-replay');
});

test('tapping 允许 again on the consent sheet reached with back keeps the session and exchanges nothing', async ({
  page,
  request,
}) => {
  await page.goto('/profile');
  await answerConsent(page);
  await expect(page).toHaveTitle('张小明的个人主页');
  const exchangesAfterSignIn = await codeExchanges(request);

  await page.goBack();
  const again = page.waitForResponse((r) => r.url().includes('/auth/wechat/callback'));
  await answerConsent(page);
  expect((await again).status()).toBe(303);
  await expect(page).toHaveTitle('张小明的个人主页');
  expect(await codeExchanges(request)).toBe(exchangesAfterSignIn);
  await screenshot(page, 'consent-again-after-back');
});
