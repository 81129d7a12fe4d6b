/** The pages decide() can choose: their status, wording and the one way forward each offers. */
import { failurePageBody, failurePageResponse, type FailurePageId } from '@/lib/http/pages';
import { hrefs } from '../../support/matchers';

const LINKS = { restartHref: '/auth/wechat?returnTo=%2Fx', retryHref: '/auth/wechat/refresh?returnTo=%2Fx' };

async function page(id: FailurePageId, status = 400, banner: string | null = null) {
  const response = failurePageResponse(id, { ...LINKS, status, banner });
  return { response, html: await response.text() };
}

/** The page's buttons (its <a class="weui-btn…">), as [label, href, primary]. */
function buttons(html: string): [string, string, boolean][] {
  return [...html.matchAll(/<a class="weui-btn (weui-btn_\w+)" href="([^"]*)">([^<]*)<\/a>/g)].map((m) => [
    m[3] ?? '',
    m[2] ?? '',
    m[1] === 'weui-btn_primary',
  ]);
}

describe('failurePageResponse', () => {
  it.each<[FailurePageId, string]>([
    ['denied', LINKS.restartHref],
    ['link-expired', LINKS.restartHref],
    ['bad-request', LINKS.restartHref],
    ['oversized', LINKS.restartHref],
  ])('%s: 重新授权 to the restart link first, then home', async (id, href) => {
    expect(buttons((await page(id)).html)).toEqual([
      ['重新授权', href, true],
      ['返回首页', '/', false],
    ]);
  });

  it.each<FailurePageId>(['wechat-busy', 'wechat-timeout', 'unexpected'])(
    '%s: 重试 to the retry link first, then home',
    async (id) => {
      expect(buttons((await page(id, 502)).html)).toEqual([
        ['重试', LINKS.retryHref, true],
        ['返回首页', '/', false],
      ]);
    },
  );

  it.each<FailurePageId>(['misconfigured', 'not-found'])(
    '%s: nothing to retry, so home is the one way forward',
    async (id) => {
      expect(buttons((await page(id, 500)).html)).toEqual([['返回首页', '/', true]]);
    },
  );

  it('answers the chosen status as never-stored zh-CN HTML, with the banner it is given and none without', async () => {
    const { response, html } = await page('wechat-timeout', 504, '<div class="mock-banner">模拟微信</div>');
    expect(response.status).toBe(504);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('模拟微信');
    expect((await page('wechat-timeout', 504, null)).html).not.toContain('模拟微信');
  });
});

describe('failurePageBody', () => {
  it('is the same content the route handlers answer, for the React 404 page (app/not-found.tsx)', async () => {
    const { html } = await page('not-found', 404);
    expect(html).toContain(failurePageBody('not-found'));
    expect(hrefs(failurePageBody('not-found'))).toEqual(['/']);
  });
});
