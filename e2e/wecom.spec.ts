import { expect, test, type Page } from '@playwright/test';
import { DESKTOP, PROFILE_URL, field, screenshot, seriousViolations } from './support';

// WECHAT-PROTOCOL §19.1: WeCom says MicroMessenger too; wxwork is what tells it apart. The mock has its own corp.
const WECOM_IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.6 MicroMessenger/7.0.1 Language/zh';
const WECOM_ANDROID_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0 Mobile Safari/537.36 wxwork/4.1.6 MicroMessenger/7.0.1 NetType/WIFI Language/zh';
const MOCK_CORP_AUTHORIZE =
  /\/mock-wechat\/connect\/oauth2\/authorize\?appid=wwmockcorp00000001&redirect_uri=[^&]+&response_type=code&scope=snsapi_privateinfo&state=[A-Za-z0-9]{32}&agentid=1000002#wechat_redirect$/;
const MOCK_WEB_LOGIN =
  /\/mock-wechat\/wwlogin\/sso\/login\?login_type=CorpApp&appid=wwmockcorp00000001&agentid=1000002&redirect_uri=[^&]+&state=[A-Za-z0-9]{32}$/;

async function pick(page: Page, persona: RegExp, button: string, fault = ''): Promise<void> {
  await page.getByRole('radio', { name: persona }).check();
  await page.getByLabel('模拟故障').selectOption(fault);
  await page.getByRole('button', { name: button, exact: true }).click();
}

for (const [phone, userAgent] of [
  ['iPhone', WECOM_IPHONE_UA],
  ['Android', WECOM_ANDROID_UA],
] as const) {
  test.describe(`in WeCom’s browser on an ${phone}`, () => {
    test.use({ userAgent });

    test('a member signs in, sees their own card in light and dark, the mobile masked, and signs out', async ({
      page,
    }) => {
      await page.goto('/profile');
      await expect(page).toHaveURL(MOCK_CORP_AUTHORIZE);
      await pick(page, /^张三/, '允许');
      await expect(page).toHaveURL(PROFILE_URL);
      await expect(page).toHaveTitle('张三的个人主页');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('张三');
      await expect(field(page, '账号')).toContainText('zhangsan');
      await expect(field(page, '职务')).toContainText('产品经理');
      await expect(field(page, '手机')).toContainText('138****8000');
      await expect(field(page, '登录方式')).toContainText('企业微信');
      await expect(page.getByRole('img', { name: '张三的头像' })).toHaveAttribute('src', /^\/mock-wechat\/qlogo\//);
      expect(await page.content()).not.toContain('13800138000');
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, `wecom-${phone.toLowerCase()}-${scheme}`);
      }
      await page.getByRole('button', { name: '退出登录' }).click();
      await expect(page).toHaveURL(/\/$/);
      await page.goto('/profile');
      await expect(page).toHaveURL(MOCK_CORP_AUTHORIZE);
    });

    test('a member whose fields are empty sees placeholders, never blank cells', async ({ page }) => {
      await page.goto('/profile');
      await pick(page, /企业成员：新应用/, '允许');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('lisi');
      await expect(field(page, '职务')).toContainText('未公开');
      await expect(field(page, '手机')).toContainText('未公开');
    });

    test('someone who is not a member gets the 403 page and no session', async ({ page }) => {
      await page.goto('/profile');
      await pick(page, /非企业成员/, '允许');
      await expect(page.getByRole('heading', { name: '此页面仅限企业成员访问' })).toBeVisible();
      expect((await page.context().cookies()).some((c) => c.name === 'wx_session')).toBe(false);
    });

    test('60020 (企业可信IP) ends on the apology page, which names nothing raw', async ({ page }) => {
      await page.goto('/profile');
      await pick(page, /^张三/, '允许', 'wecom-ip-denied');
      await expect(page.getByRole('heading', { name: '抱歉，服务暂时不可用' })).toBeVisible();
      expect(await page.content()).not.toMatch(/60020|mock-wecom-app-secret|wwmockcorp/);
    });
  });
}

test.describe('on a desktop', () => {
  test.use(DESKTOP);

  test('WeCom’s web login signs a member in from the landing page, light and dark, and out again', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('link', { name: '企业微信登录' }).click();
    await expect(page).toHaveURL(MOCK_WEB_LOGIN);
    await pick(page, /^张三/, '模拟扫码并确认');
    await expect(page).toHaveURL(PROFILE_URL);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('张三');
    await expect(field(page, '登录方式')).toContainText('企业微信');
    // §19.4: the web login has no scope, so no privateinfo rows.
    await expect(page.getByText('手机', { exact: true })).toHaveCount(0);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `wecom-desktop-${scheme}`);
    }
    await page.getByRole('button', { name: '退出登录' }).click();
    await expect(page.getByRole('link', { name: '企业微信登录' })).toBeVisible();
  });
});
