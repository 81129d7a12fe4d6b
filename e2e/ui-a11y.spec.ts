import { expect, test, type Page } from '@playwright/test';
import { REAL_BASE_URL } from '../playwright.config';
import { seriousViolations } from './support';

const DESKTOP_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

async function consentAs(page: Page, persona: string): Promise<void> {
  await page.goto('/profile');
  await page.getByRole('radio', { name: new RegExp(persona) }).check();
}

const PAGES: Record<string, (page: Page) => Promise<void>> = {
  'the landing page': async (page) => {
    await page.goto('/');
  },
  'the consent sheet': async (page) => {
    await page.goto('/profile');
    await expect(page.getByRole('button', { name: '允许' })).toBeVisible();
  },
  'a full profile': async (page) => {
    await consentAs(page, '张小明');
    await page.getByRole('button', { name: '允许' }).click();
    await expect(page).toHaveTitle('张小明的个人主页');
  },
  "a snapshot user's profile": async (page) => {
    await consentAs(page, '快照页虚拟用户');
    await page.getByRole('button', { name: '允许' }).click();
    await expect(page.getByText('当前为快照页预览')).toBeVisible();
  },
  'the snsapi_base profile': async (page) => {
    await page.goto('/auth/wechat?scope=snsapi_base&returnTo=%2Fprofile');
    await expect(page.getByRole('link', { name: '获取完整资料' })).toBeVisible();
  },
  'the refusal page': async (page) => {
    await consentAs(page, '张小明');
    await page.getByRole('button', { name: '拒绝' }).click();
    await expect(page.getByRole('link', { name: '重新授权' })).toBeVisible();
  },
  'the 502 page': async (page) => {
    await consentAs(page, '张小明');
    await page.getByLabel('模拟故障').selectOption('busy');
    await page.getByRole('button', { name: '允许' }).click();
    await expect(page.getByRole('link', { name: '重试' })).toBeVisible();
  },
  'the not-found page': async (page) => {
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
  },
};

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });

    for (const [name, open] of Object.entries(PAGES)) {
      test(`${name} has no serious or critical accessibility violations`, async ({ page }) => {
        await open(page);
        expect(await seriousViolations(page)).toEqual([]);
      });
    }

    test.describe('outside WeChat', () => {
      test.use({ userAgent: DESKTOP_UA });

      for (const path of ['/', '/auth/wechat']) {
        test(`the open-in-WeChat page at ${path} has no serious or critical accessibility violations`, async ({
          page,
        }) => {
          await page.goto(`${REAL_BASE_URL}${path}`);
          await expect(page.getByRole('button', { name: '复制链接' })).toBeVisible();
          expect(await seriousViolations(page)).toEqual([]);
        });
      }
    });
  });
}
