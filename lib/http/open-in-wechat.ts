import 'server-only';
import type { NextResponse } from 'next/server';
import QRCode from 'qrcode';
import { escapeHtml, htmlPageResponse } from './pages';

/** The wording shared by the landing page and /auth/wechat outside WeChat. */
export const OPEN_IN_WECHAT = {
  heading: '请在微信中打开此页面',
  message: '微信网页授权只能在微信内置浏览器中使用。请用微信扫描下方二维码，或复制链接发到微信里打开。',
  script: '/scripts/copy-link.js',
} as const;

/** A QR code, the link, and a copy button copy-link.js reveals: route handlers and the landing page share it. */
export async function scanToOpenHtml(url: string): Promise<string> {
  // Rendered on the server: the SVG contains no script and no text from the URL.
  const svg = await QRCode.toString(url, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#000000', light: '#ffffff' },
  });
  return (
    `<figure class="qr"><div class="qr__code" role="img" aria-label="本页链接的二维码">${svg}</div>` +
    `<figcaption class="qr__caption">用微信“扫一扫”打开</figcaption></figure>` +
    `<div class="copy-link"><input class="weui-input" id="page-url" readonly value="${escapeHtml(url)}" aria-label="本页链接">` +
    `<button type="button" class="weui-btn weui-btn_primary" id="copy-link" hidden>复制链接</button>` +
    `<p class="copy-link__status" id="copy-status" role="status"></p></div>`
  );
}

export const QR_SIGN_IN_LABEL = '微信扫码登录';

/** WECHAT-PROTOCOL §12: the page to open in WeChat, with 微信扫码登录 as the way forward on a desktop. */
export async function openInWeChatResponse(
  url: string,
  { qrSignInHref = null, desktop = false }: { qrSignInHref?: string | null; desktop?: boolean } = {},
): Promise<NextResponse> {
  const qrSignIn = qrSignInHref ? [{ label: QR_SIGN_IN_LABEL, href: qrSignInHref, primary: desktop }] : [];
  return htmlPageResponse({
    status: 200,
    banner: null,
    icon: 'info',
    title: '请在微信中打开',
    heading: OPEN_IN_WECHAT.heading,
    message: OPEN_IN_WECHAT.message,
    actions: [...qrSignIn, { label: '返回首页', href: '/' }],
    extraHtml: await scanToOpenHtml(url),
    // Route handlers' pages allow same-origin script files and nothing inline, so it needs no nonce.
    scripts: [{ src: OPEN_IN_WECHAT.script, nonce: null }],
  });
}
