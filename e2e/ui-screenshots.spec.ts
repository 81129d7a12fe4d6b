import { expect, test, type Page } from '@playwright/test';
import { REAL_BASE_URL } from '../playwright.config';

// UPDATE_SCREENSHOTS=1 refreshes the README's pictures; otherwise they land in e2e/screenshots/ for a look.
const DIR = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'e2e/screenshots';
const SCHEMES = ['light', 'dark'] as const;
const WECOM_IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.6 MicroMessenger/7.0.1 Language/zh';
const IPHONE_SAFARI_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

test.use({ deviceScaleFactor: 1, viewport: { width: 390, height: 844 } });

async function consent(page: Page, persona = '张小明'): Promise<void> {
  await page.goto('/profile');
  await page.getByRole('radio', { name: new RegExp(persona) }).check();
}

// The viewport grows to the whole page, so fixed elements (the snapshot pointer) sit where a phone shows them.
async function shoot(page: Page, name: string, scheme: string): Promise<void> {
  const height = await page.evaluate(async () => {
    await document.fonts.ready;
    return document.documentElement.scrollHeight;
  });
  await page.setViewportSize({ width: 390, height: Math.max(844, height) });
  await page.screenshot({ path: `${DIR}/${name}-${scheme}.png` });
}

const SCENES: Record<string, (page: Page) => Promise<void>> = {
  landing: async (page) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: '微信个人主页' })).toBeVisible();
    await expect(page.getByRole('link', { name: '查看我的微信资料' })).toBeVisible();
  },
  consent: async (page) => {
    await page.goto('/profile');
    await expect(page.getByRole('button', { name: '允许' })).toBeVisible();
  },
  'profile-full': async (page) => {
    await consent(page, '张小明');
    await page.getByRole('button', { name: '允许' }).click();
    await expect(page).toHaveTitle('张小明的个人主页');
    await expect(page.getByText('公众号', { exact: true })).toBeVisible();
  },
  'profile-post2021': async (page) => {
    await consent(page, '恩爸');
    await page.getByRole('button', { name: '允许' }).click();
    await expect(page).toHaveTitle('恩爸的个人主页');
    await expect(page.getByRole('link', { name: '关注公众号' })).toBeVisible();
  },
  snapshot: async (page) => {
    await consent(page, '快照页虚拟用户');
    await page.getByRole('button', { name: '允许' }).click();
    await expect(page.getByText('当前为快照页预览')).toBeVisible();
  },
  'base-view': async (page) => {
    await page.goto('/auth/wechat?scope=snsapi_base&returnTo=%2Fprofile');
    await expect(page.getByRole('link', { name: '获取完整资料' })).toBeVisible();
    await expect(page.getByText('公众号', { exact: true })).toBeVisible();
  },
  refusal: async (page) => {
    await consent(page);
    await page.getByRole('button', { name: '拒绝' }).click();
    await expect(page.getByRole('link', { name: '重新授权' })).toBeVisible();
  },
  error: async (page) => {
    await consent(page);
    await page.getByLabel('模拟故障').selectOption('busy');
    await page.getByRole('button', { name: '允许' }).click();
    await expect(page.getByRole('heading', { name: '微信暂时无法响应' })).toBeVisible();
  },
};

for (const scheme of SCHEMES) {
  for (const [name, scene] of Object.entries(SCENES)) {
    test(`the ${name} page is photographed in the ${scheme} scheme in WeChat's browser`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await scene(page);
      await shoot(page, name, scheme);
    });
  }

  test.describe(`outside WeChat (${scheme})`, () => {
    test.use({ userAgent: IPHONE_SAFARI_UA });

    test(`the open-in-WeChat page is photographed in the ${scheme} scheme in a phone's own browser`, async ({
      page,
    }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${REAL_BASE_URL}/auth/wechat?returnTo=%2Fprofile`);
      await expect(page.getByRole('button', { name: '复制链接' })).toBeVisible();
      await shoot(page, 'outside-wechat', scheme);
    });
  });

  test.describe(`in WeCom's browser (${scheme})`, () => {
    test.use({ userAgent: WECOM_IPHONE_UA });

    test(`a WeCom member's card is photographed in the ${scheme} scheme`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('/profile');
      await page.getByRole('radio', { name: /^张三/ }).check();
      await page.getByRole('button', { name: '允许' }).click();
      await expect(page).toHaveTitle('张三的个人主页');
      await expect(page.getByText('138****8000')).toBeVisible();
      await shoot(page, 'wecom-member', scheme);
    });
  });
}
