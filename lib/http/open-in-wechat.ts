import { escapeHtml, htmlPageResponse } from './html-page';
import { qrCodeSvg } from './qr-code';

/** Outside WeChat's browser the authorize page cannot work (WECHAT-PROTOCOL §12): explain, and offer a QR code of this URL. */
export async function openInWeChatResponse(url: string): Promise<Response> {
  const svg = await qrCodeSvg(url);
  const extraHtml =
    `<figure class="qr"><div class="qr__code" role="img" aria-label="本页链接的二维码">${svg}</div>` +
    `<figcaption class="qr__caption">用微信“扫一扫”打开</figcaption></figure>` +
    `<p class="qr__link"><input class="weui-input qr__url" id="page-url" readonly value="${escapeHtml(url)}" aria-label="本页链接"></p>` +
    `<script src="/scripts/copy-link.js" defer></script>`;
  return htmlPageResponse({
    status: 200,
    mock: false,
    icon: 'info',
    title: '请在微信中打开',
    heading: '请在微信中打开此页面',
    message: '微信网页授权只能在微信内置浏览器中使用。请用微信扫描下方二维码，或复制链接发到微信里打开。',
    actions: [{ kind: 'link', label: '复制链接', href: '#copy', primary: true }],
    extraHtml,
  });
}
