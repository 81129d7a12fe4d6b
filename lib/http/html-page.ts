// Pure string rendering, no server-only fence: proxy.ts answers the misconfiguration page with it.
import { NextResponse } from 'next/server';
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
  /** Same-origin scripts; the CSP (script-src 'self' + nonce + 'strict-dynamic') runs them only with the request's nonce. */
  scripts?: { src: string; nonce: string | null }[];
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function renderAction(action: PageAction): string {
  const cls = `weui-btn ${action.primary ? 'weui-btn_primary' : 'weui-btn_default'}`;
  if (action.kind === 'link')
    return `<a class="${cls}" href="${escapeHtml(action.href)}">${escapeHtml(action.label)}</a>`;
  return `<form method="post" action="${escapeHtml(action.action)}"><button type="submit" class="${cls}">${escapeHtml(action.label)}</button></form>`;
}

function renderScript({ src, nonce }: { src: string; nonce: string | null }): string {
  return `<script src="${escapeHtml(src)}"${nonce ? ` nonce="${escapeHtml(nonce)}"` : ''} async></script>`;
}

export const MOCK_BANNER_HTML = '<div class="mock-banner" role="note">模拟微信 · 仅供开发与测试</div>';

const HEAD = `<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
<meta name="color-scheme" content="light dark">
<meta name="theme-color" media="(prefers-color-scheme: light)" content="#ededed">
<meta name="theme-color" media="(prefers-color-scheme: dark)" content="#111111">
<link rel="icon" href="/icon.svg" type="image/svg+xml"><link rel="stylesheet" href="/styles/app.css">`;

/** What goes inside <main class="page msg">: shared by the route handlers' pages and app/not-found.tsx. */
export function renderMessageBody(
  page: Pick<HtmlPage, 'icon' | 'heading' | 'message' | 'extraHtml' | 'actions'>,
): string {
  const actions =
    page.actions.length > 0 ? `<div class="weui-btn-area">${page.actions.map(renderAction).join('')}</div>` : '';
  return `<div class="msg__icon msg__icon_${escapeHtml(page.icon)}" aria-hidden="true"></div>
<h1 class="msg__title">${escapeHtml(page.heading)}</h1>
<p class="msg__desc">${escapeHtml(page.message)}</p>${page.extraHtml ?? ''}
${actions}`;
}

/** A WeUI message page for route handlers, which must choose their own status (App Router pages cannot). */
export function renderHtmlPage(page: HtmlPage): string {
  return `<!doctype html><html lang="zh-CN"><head>${HEAD}
<title>${escapeHtml(page.title)}</title>${(page.scripts ?? []).map(renderScript).join('')}</head>
<body>${page.mock ? MOCK_BANNER_HTML : ''}<main class="page msg">
${renderMessageBody(page)}
</main></body></html>`;
}

export function htmlPageResponse(page: HtmlPage): NextResponse {
  return new NextResponse(renderHtmlPage(page), {
    status: page.status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': NO_STORE },
  });
}
