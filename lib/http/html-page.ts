import { NO_STORE } from './security-headers';

export type PageIcon = 'warn' | 'info' | 'waiting' | 'success';

export type PageAction =
  | { kind: 'link'; label: string; href: string; primary?: boolean }
  | { kind: 'post'; label: string; action: string; primary?: boolean };

export interface HtmlPage {
  status: number;
  title: string;
  heading: string;
  message: string;
  icon: PageIcon;
  actions: PageAction[];
  mock: boolean;
  /** Trusted HTML placed under the message (already escaped by its producer). */
  extraHtml?: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function renderAction(action: PageAction): string {
  const cls = `weui-btn ${action.primary ? 'weui-btn_primary' : 'weui-btn_default'}`;
  if (action.kind === 'link') return `<a class="${cls}" href="${escapeHtml(action.href)}">${escapeHtml(action.label)}</a>`;
  return `<form method="post" action="${escapeHtml(action.action)}"><button type="submit" class="${cls}">${escapeHtml(action.label)}</button></form>`;
}

export const MOCK_BANNER_HTML = '<div class="mock-banner" role="note">模拟微信 · 仅供开发与测试</div>';

/** A WeUI message page for route handlers, which must choose their own status (App Router pages cannot). */
export function renderHtmlPage(page: HtmlPage): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
<meta name="color-scheme" content="light dark"><title>${escapeHtml(page.title)}</title>
<link rel="icon" href="/icon.svg"><link rel="stylesheet" href="/styles/app.css"></head>
<body>${page.mock ? MOCK_BANNER_HTML : ''}<main class="page msg">
<div class="msg__icon msg__icon_${page.icon}" aria-hidden="true"></div>
<h1 class="msg__title">${escapeHtml(page.heading)}</h1>
<p class="msg__desc">${escapeHtml(page.message)}</p>${page.extraHtml ?? ''}
<div class="weui-btn-area">${page.actions.map(renderAction).join('')}</div>
</main></body></html>`;
}

export function htmlPageResponse(page: HtmlPage): Response {
  return new Response(renderHtmlPage(page), {
    status: page.status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': NO_STORE },
  });
}
