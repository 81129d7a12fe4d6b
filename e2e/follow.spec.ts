import { expect, test } from '@playwright/test';
import { FOLLOW_SLOW_BASE_URL } from '../playwright.config';
import { PROFILE_URL, answerConsent, field } from './support';

// This server's mock WeChat answers cgi-bin/user/info only after WECHAT_TIMEOUT_MS (4000 ms).
test.use({ baseURL: FOLLOW_SLOW_BASE_URL });

test('with user/info hanging, /profile answers 200, paints the profile before the row gives up, and ends without it well within WECHAT_TIMEOUT_MS', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  // When the profile's heading reaches the page, as the HTML parser inserts it.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('h1.profile__name')) return;
      (window as unknown as { headingAt: number }).headingAt = performance.now();
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto('/profile');
  const profile = page.waitForResponse((r) => new URL(r.url()).pathname === '/profile' && r.status() !== 303);
  await answerConsent(page, { persona: 'full' });
  expect((await profile).status()).toBe(200);
  await expect(page).toHaveURL(PROFILE_URL);
  await page.waitForLoadState('load');

  const timing = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    const { headingAt } = window as unknown as { headingAt: number };
    return { responseStart: navigation!.responseStart, responseEnd: navigation!.responseEnd, headingAt };
  });
  // The row gives up after 1 s, long after the profile is on the page (a page that waited for it: a few ms).
  expect(timing.responseEnd - timing.headingAt).toBeGreaterThan(300);
  expect(timing.responseEnd - timing.responseStart).toBeLessThan(2000);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('张小明');
  for (const label of ['性别', '城市', 'openid', 'unionid', '特权']) await expect(field(page, label)).toBeVisible();
  await expect(page.getByText('公众号', { exact: true })).toHaveCount(0);
  expect(errors).toEqual([]);
});
