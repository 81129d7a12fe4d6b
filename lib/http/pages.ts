// Pure string rendering, no server-only fence: proxy.ts answers the misconfiguration page with it.
import { NextResponse } from 'next/server';
import { NO_STORE } from './headers';

interface PageAction {
  label: string;
  href: string;
  primary?: boolean;
}

interface HtmlPage {
  status: number;
  title: string;
  heading: string;
  message: string;
  icon: 'warn' | 'info' | 'waiting';
  actions: PageAction[];
  /** Trusted HTML at the top of the page (lib/wechat/backend.ts). */
  banner: string | null;
  /** Trusted HTML under the message, escaped by its producer. */
  extraHtml?: string;
  /** Same-origin scripts; the CSP runs them only with the request's nonce. */
  scripts?: { src: string; nonce: string | null }[];
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function renderAction({ label, href, primary }: PageAction): string {
  const cls = `weui-btn ${primary ? 'weui-btn_primary' : 'weui-btn_default'}`;
  return `<a class="${cls}" href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
}

function renderScript({ src, nonce }: { src: string; nonce: string | null }): string {
  return `<script src="${escapeHtml(src)}"${nonce ? ` nonce="${escapeHtml(nonce)}"` : ''} async></script>`;
}

const HEAD = `<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
<meta name="color-scheme" content="light dark">
<meta name="theme-color" media="(prefers-color-scheme: light)" content="#ededed">
<meta name="theme-color" media="(prefers-color-scheme: dark)" content="#111111">
<link rel="icon" href="/icon.svg" type="image/svg+xml"><link rel="stylesheet" href="/styles/app.css">`;

/** What goes inside <main class="page msg">: shared by the route handlers' pages and app/not-found.tsx. */
function renderMessageBody(page: Pick<HtmlPage, 'icon' | 'heading' | 'message' | 'extraHtml' | 'actions'>): string {
  const actions =
    page.actions.length > 0 ? `<div class="weui-btn-area">${page.actions.map(renderAction).join('')}</div>` : '';
  return `<div class="msg__icon msg__icon_${escapeHtml(page.icon)}" aria-hidden="true"></div>
<h1 class="msg__title">${escapeHtml(page.heading)}</h1>
<p class="msg__desc">${escapeHtml(page.message)}</p>${page.extraHtml ?? ''}
${actions}`;
}

/** A WeUI message page for route handlers, which must choose their own status (App Router pages cannot). */
function renderHtmlPage(page: HtmlPage): string {
  return `<!doctype html><html lang="zh-CN"><head>${HEAD}
<title>${escapeHtml(page.title)}</title>${(page.scripts ?? []).map(renderScript).join('')}</head>
<body>${page.banner ?? ''}<main class="page msg">
${renderMessageBody(page)}
</main></body></html>`;
}

export function htmlPageResponse(page: HtmlPage): NextResponse {
  return new NextResponse(renderHtmlPage(page), {
    status: page.status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': NO_STORE },
  });
}

/** The pages lib/auth/failures.ts can choose, in the words the user reads. */
export type FailurePageId =
  | 'denied'
  | 'link-expired'
  | 'bad-request'
  | 'oversized'
  | 'relay-refused'
  | 'sign-in-refused'
  | 'members-only'
  | 'wechat-busy'
  | 'wechat-timeout'
  | 'misconfigured'
  | 'unexpected'
  | 'not-found';

type Wording = Pick<HtmlPage, 'icon' | 'title' | 'heading' | 'message'> & { button: 'restart' | 'retry' | null };
type Links = { restartHref: string; retryHref: string };

const WORDING: Readonly<Record<FailurePageId, Wording>> = {
  denied: {
    icon: 'info',
    title: '未授权',
    heading: '你没有授权，我们无法显示你的资料',
    message: '本页面需要你的微信昵称和头像才能显示个人主页。如果改变主意，可以重新授权。',
    button: 'restart',
  },
  'link-expired': {
    icon: 'warn',
    title: '授权已失效',
    heading: '授权链接已失效',
    message: '这个授权链接已经用过、已过期，或不是在这个浏览器里发起的。请重新授权。',
    button: 'restart',
  },
  'bad-request': {
    icon: 'warn',
    title: '请求无效',
    heading: '请求无效',
    message: '链接的参数不完整或格式不对。请从首页重新开始。',
    button: 'restart',
  },
  oversized: {
    icon: 'warn',
    title: '请求过大',
    heading: '请求过大',
    message: '链接或浏览器保存的数据过长，无法处理。请从首页重新开始。',
    button: 'restart',
  },
  'relay-refused': {
    icon: 'warn',
    title: '无法继续登录',
    heading: '无法继续登录',
    message:
      '这个授权链接无效：它不是由本站的部署签发的，或者要前往的网址不在允许的范围内。为保护你的微信账号，登录已停止。请回到原来的网站重新登录。',
    button: null,
  },
  'sign-in-refused': {
    icon: 'warn',
    title: '无法完成登录',
    heading: '抱歉，暂时无法完成登录',
    message: '微信已确认你的身份，但本站暂时无法为你完成登录。请稍后再试。',
    button: null,
  },
  'members-only': {
    icon: 'info',
    title: '仅限企业成员',
    heading: '此页面仅限企业成员访问',
    message: '企业微信确认了你的身份，但你不是本企业的成员，所以无法查看本页面。如有疑问，请联系企业的管理员。',
    button: null,
  },
  'wechat-busy': {
    icon: 'waiting',
    title: '微信暂时无法响应',
    heading: '微信暂时无法响应',
    message: '微信服务器繁忙或返回了无法识别的内容。请稍后重试。',
    button: 'retry',
  },
  'wechat-timeout': {
    icon: 'waiting',
    title: '微信响应超时',
    heading: '微信响应超时',
    message: '微信服务器没有及时响应。请稍后重试。',
    button: 'retry',
  },
  misconfigured: {
    icon: 'warn',
    title: '服务暂不可用',
    heading: '抱歉，服务暂时不可用',
    message: '网站的配置出了问题，我们已记录下来。请稍后再试。',
    button: null,
  },
  unexpected: {
    icon: 'warn',
    title: '出错了',
    heading: '抱歉，出错了',
    message: '页面暂时无法显示。请稍后重试。',
    button: 'retry',
  },
  'not-found': {
    icon: 'info',
    title: '页面不存在',
    heading: '页面不存在',
    message: '你访问的页面不存在或已被移除。',
    button: null,
  },
};

const HOME: PageAction = { label: '返回首页', href: '/' };

function failurePage(id: FailurePageId, { restartHref, retryHref }: Links) {
  const { button, ...wording } = WORDING[id];
  const first: PageAction[] =
    button === 'restart'
      ? [{ label: '重新授权', href: restartHref, primary: true }]
      : button === 'retry'
        ? [{ label: '重试', href: retryHref, primary: true }]
        : [];
  // Home is the primary way forward when it is the only one.
  return { ...wording, actions: [...first, { ...HOME, primary: first.length === 0 }] };
}

export function failurePageResponse(
  id: FailurePageId,
  options: Links & { status: number; banner: string | null },
): NextResponse {
  return htmlPageResponse({ ...failurePage(id, options), status: options.status, banner: options.banner });
}

/** The page's content alone, for a React page that shows the same page (app/not-found.tsx). */
export function failurePageBody(id: FailurePageId): string {
  return renderMessageBody(failurePage(id, { restartHref: '/', retryHref: '/' }));
}
