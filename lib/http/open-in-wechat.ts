import 'server-only';
import { headers } from 'next/headers';
import { escapeHtml, htmlPageResponse } from './html-page';
import { qrCodeSvg } from './qr-code';

/** The wording shared by the landing page and /auth/wechat outside WeChat. */
export const OPEN_IN_WECHAT = {
  heading: '请在微信中打开此页面',
  message: '微信网页授权只能在微信内置浏览器中使用。请用微信扫描下方二维码，或复制链接发到微信里打开。',
  qrLabel: '本页链接的二维码',
  qrCaption: '用微信“扫一扫”打开',
  fieldLabel: '本页链接',
  copy: '复制链接',
  script: '/scripts/copy-link.js',
} as const;

/** The nonce proxy.ts gave this request; outside a request scope (unit tests) there is none. */
export async function requestNonce(): Promise<string | null> {
  try {
    return (await headers()).get('x-nonce');
  } catch {
    return null;
  }
}

/** The QR code, the link and a copy button (hidden until copy-link.js runs; without JS the field stays selectable). */
export async function openInWeChatHtml(url: string): Promise<string> {
  const svg = await qrCodeSvg(url);
  return (
    `<figure class="qr"><div class="qr__code" role="img" aria-label="${OPEN_IN_WECHAT.qrLabel}">${svg}</div>` +
    `<figcaption class="qr__caption">${OPEN_IN_WECHAT.qrCaption}</figcaption></figure>` +
    `<div class="copy-link"><input class="weui-input" id="page-url" readonly value="${escapeHtml(url)}" aria-label="${OPEN_IN_WECHAT.fieldLabel}">` +
    `<button type="button" class="weui-btn weui-btn_primary" id="copy-link" hidden>${OPEN_IN_WECHAT.copy}</button>` +
    `<p class="copy-link__status" id="copy-status" role="status"></p></div>`
  );
}

/** Outside WeChat's browser the authorize page cannot work (WECHAT-PROTOCOL §12): explain, and offer a QR code of this URL. */
export async function openInWeChatResponse(url: string, nonce?: string | null): Promise<Response> {
  return htmlPageResponse({
    status: 200,
    mock: false,
    icon: 'info',
    title: '请在微信中打开',
    heading: OPEN_IN_WECHAT.heading,
    message: OPEN_IN_WECHAT.message,
    actions: [{ kind: 'link', label: '返回首页', href: '/' }],
    extraHtml: await openInWeChatHtml(url),
    scripts: [{ src: OPEN_IN_WECHAT.script, nonce: nonce === undefined ? await requestNonce() : nonce }],
  });
}
