/** Outside WeChat's browser: the page /auth/wechat answers, and the QR panel the landing page embeds too. */
import { openInWeChatResponse, scanToOpenHtml } from '@/lib/http/open-in-wechat';

const URL = 'https://wx.example.com/auth/wechat?returnTo=%2Fprofile&x="><script>alert(1)</script>';
const ESCAPED_URL =
  'https://wx.example.com/auth/wechat?returnTo=%2Fprofile&#38;x=&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;';

describe('scanToOpenHtml', () => {
  it('draws a QR code of the link as an inline SVG, with no script and no text from the link in it', async () => {
    const html = await scanToOpenHtml(URL);
    const svg = /<svg [^>]*>.*<\/svg>/s.exec(html)?.[0] ?? '';
    expect(html).toMatch(/^<figure class="qr"><div class="qr__code" role="img" aria-label="本页链接的二维码"><svg /);
    expect(svg).not.toMatch(/<script|wx\.example\.com|alert/);
  });

  it('shows the link only as the escaped value of a read-only field, with a copy button that the script reveals', async () => {
    const html = await scanToOpenHtml(URL);
    expect(html).toContain(
      `<input class="weui-input" id="page-url" readonly value="${ESCAPED_URL}" aria-label="本页链接">`,
    );
    expect(html).toContain(
      '<button type="button" class="weui-btn weui-btn_primary" id="copy-link" hidden>复制链接</button>',
    );
    expect(html).not.toContain('<script');
  });
});

describe('openInWeChatResponse', () => {
  it('answers 200 with a page that says to open it in WeChat, a QR code SVG and the link', async () => {
    const response = await openInWeChatResponse(URL);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('<h1 class="msg__title">请在微信中打开此页面</h1>');
    expect(html).toMatch(/<div class="qr__code" role="img" aria-label="本页链接的二维码"><svg [^>]*>/);
    expect(html).toContain(`value="${ESCAPED_URL}"`);
  });

  it('keeps the URL out of the markup except as an escaped value, and loads the copy script as a file with no nonce', async () => {
    // Route handlers' pages allow same-origin script files and nothing inline (no proxy, so no nonce).
    const html = await (await openInWeChatResponse(URL)).text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('<script src="/scripts/copy-link.js" async></script>');
  });
});
