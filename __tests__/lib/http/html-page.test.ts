import { escapeHtml, htmlPageResponse } from '@/lib/http/pages';

type HtmlPage = Parameters<typeof htmlPageResponse>[0];
const renderHtmlPage = (page: HtmlPage) => htmlPageResponse(page).text();

const HOSTILE = `<img src=x onerror=alert(1)>"'&`;
const ESCAPED = '&#60;img src=x onerror=alert(1)&#62;&#34;&#39;&#38;';

/** Names of the attributes of every real tag (values are double-quoted and can hold no raw quote once escaped). */
function attributeNames(html: string): string[] {
  return [...html.matchAll(/<[a-z][^>]*>/gi)].flatMap(([tag]) =>
    [...tag.replace(/"[^"]*"/g, '""').matchAll(/\s([a-z-]+)(?==|\s|\/?>)/gi)].map((m) => m[1]!.toLowerCase()),
  );
}

function page(overrides: Partial<HtmlPage> = {}): HtmlPage {
  return {
    status: 502,
    title: '微信暂时无法响应',
    heading: '微信暂时无法响应',
    message: '请稍后重试。',
    icon: 'waiting',
    actions: [{ label: '重试', href: '/profile', primary: true }],
    banner: null,
    ...overrides,
  };
}

describe('a route handler’s HTML page', () => {
  it('escapes the five HTML-special characters', async () => {
    expect(escapeHtml(HOSTILE)).toBe(ESCAPED);
  });

  it('escapes the title, heading, message, button labels and link targets', async () => {
    const html = await renderHtmlPage(
      page({
        title: HOSTILE,
        heading: HOSTILE,
        message: HOSTILE,
        actions: [{ label: HOSTILE, href: `/x" onclick="alert(1)` }],
        scripts: [{ src: `/s.js" onload="alert(1)`, nonce: `n" onload="alert(1)` }],
      }),
    );
    expect(html).not.toContain('<img');
    expect(attributeNames(html).filter((name) => name.startsWith('on'))).toEqual([]);
    expect(html.split(ESCAPED)).toHaveLength(5);
    expect(html).toContain('href="/x&#34; onclick=&#34;alert(1)"');
  });

  it('is a zh-CN mobile page that follows the light or dark scheme and links the WeUI stylesheet', async () => {
    const html = await renderHtmlPage(page());
    expect(html).toMatch(/^<!doctype html><html lang="zh-CN">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">');
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toContain('<link rel="stylesheet" href="/styles/app.css">');
    expect(html).toContain('<title>微信暂时无法响应</title>');
  });

  it('has no inline script or inline style, which the CSP would block', async () => {
    const html = await renderHtmlPage(page({ scripts: [{ src: '/scripts/copy-link.js', nonce: 'abc' }] }));
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);
    expect(html).not.toMatch(/\sstyle=|<style/);
    expect(html).toContain('<script src="/scripts/copy-link.js" nonce="abc" async></script>');
  });

  it('renders each action as a WeUI button link, the primary one in green', async () => {
    const html = await renderHtmlPage(
      page({
        actions: [
          { label: '重试', href: '/profile', primary: true },
          { label: '返回首页', href: '/' },
        ],
      }),
    );
    expect(html).toContain('<a class="weui-btn weui-btn_primary" href="/profile">重试</a>');
    expect(html).toContain('<a class="weui-btn weui-btn_default" href="/">返回首页</a>');
  });

  it('shows the mock banner only in mock mode', async () => {
    expect(await renderHtmlPage(page({ banner: '<div class="mock-banner">模拟微信</div>' }))).toContain('模拟微信');
    expect(await renderHtmlPage(page({ banner: null }))).not.toContain('模拟微信');
  });
});

describe('htmlPageResponse', () => {
  it('answers with the chosen status as never-stored UTF-8 HTML', async () => {
    const response = htmlPageResponse(page({ status: 504 }));
    expect(response.status).toBe(504);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    expect(await response.text()).toContain('<h1 class="msg__title">微信暂时无法响应</h1>');
  });
});
