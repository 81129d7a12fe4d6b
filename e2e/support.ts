import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

export type Persona = 'full' | 'post2021' | 'snapshot' | 'no-avatar' | 'emoji';
export type Fault = '' | 'busy' | 'invalid-code' | 'slow' | 'http-500' | 'html' | 'malformed';

/** The label each persona carries on the mock consent sheet (nickname first). */
const PERSONA_NAMES: Readonly<Record<Persona, RegExp>> = {
  full: /^张小明/,
  post2021: /^恩爸/,
  snapshot: /^微信用户/,
  'no-avatar': /^李雷/,
  emoji: /^🐼熊猫/,
};

export const MOCK_AUTHORIZE = /\/mock-wechat\/connect\/oauth2\/authorize\?appid=/;

/** The profile's URL after a sign-in: no #wechat_redirect carried over from WeChat's page, not even a lone '#'. */
export const PROFILE_URL = /\/profile$/;

/** A desktop Chrome at 1280×800: no MicroMessenger, no Mobile. */
export const DESKTOP = {
  userAgent:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
  viewport: { width: 1280, height: 800 },
  isMobile: false,
  hasTouch: false,
  deviceScaleFactor: 1,
};

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

/** On the mock consent sheet: pick a persona and a fault as a developer would, then tap 允许 or 拒绝. */
export async function answerConsent(
  page: Page,
  { persona = 'full', fault = '', allow = true }: { persona?: Persona; fault?: Fault; allow?: boolean } = {},
): Promise<void> {
  await expect(page).toHaveURL(MOCK_AUTHORIZE);
  await page.getByRole('radio', { name: PERSONA_NAMES[persona] }).check();
  await page.getByLabel('模拟故障').selectOption(fault);
  await page.getByRole('button', { name: allow ? '允许' : '拒绝', exact: true }).click();
}

/** From a fresh browser: /profile → WeChat's consent sheet → 允许 → the profile page. */
export async function signIn(page: Page, persona: Persona = 'full'): Promise<void> {
  await page.goto('/profile');
  await answerConsent(page, { persona });
  await expect(page).toHaveURL(PROFILE_URL);
}

/** How many times the mock WeChat has been asked to exchange a code, over the whole server's life. */
export async function codeExchanges(request: APIRequestContext): Promise<number> {
  const response = await request.get('/mock-wechat/__stats');
  expect(response.status()).toBe(200);
  const stats = (await response.json()) as { calls: Record<string, number> };
  return stats.calls['sns/oauth2/access_token'] ?? 0;
}

/** The row of the profile that carries `label`: the label and its value are siblings. */
export function field(page: Page, label: string): Locator {
  return page.getByText(label, { exact: true }).locator('..');
}

/** axe-core's serious and critical findings, as "rule: selector" lines so a failure says where. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(' ')}`));
}
