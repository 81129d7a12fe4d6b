import type { NextRequest } from 'next/server';
import { WeChatError } from '@/lib/wechat/errors';
import { htmlPageResponse, type PageAction } from './html-page';
import type { GuardVerdict } from './query-guard';

export type AuthProblem = 'denied' | 'bad-state' | 'bad-request' | 'oversized';

export interface AnswerContext {
  mock: boolean;
  /** Where "try again" starts a fresh authorization, e.g. /auth/wechat?returnTo=%2Fprofile */
  restartHref: string;
  /** Where "retry" repeats what just failed (the profile page, or a fresh authorization). */
  retryHref: string;
}

const home: PageAction = { kind: 'link', label: '返回首页', href: '/' };

/** The one map from what went wrong to what the user sees (CONTRACT.md, failure table). */
export function problemResponse(problem: AuthProblem, ctx: AnswerContext): Response {
  const restart: PageAction = { kind: 'link', label: '重新授权', href: ctx.restartHref, primary: true };
  switch (problem) {
    case 'denied':
      return htmlPageResponse({
        status: 403,
        mock: ctx.mock,
        icon: 'info',
        title: '未授权',
        heading: '你没有授权，我们无法显示你的资料',
        message: '本页面需要你的微信昵称和头像才能显示个人主页。如果改变主意，可以重新授权。',
        actions: [restart, home],
      });
    case 'bad-state':
      return htmlPageResponse({
        status: 400,
        mock: ctx.mock,
        icon: 'warn',
        title: '授权已失效',
        heading: '授权链接已失效',
        message: '这个授权链接已经用过、已过期，或不是在这个浏览器里发起的。请重新授权。',
        actions: [restart, home],
      });
    case 'bad-request':
      return htmlPageResponse({
        status: 400,
        mock: ctx.mock,
        icon: 'warn',
        title: '请求无效',
        heading: '请求无效',
        message: '链接的参数不完整或格式不对。请从首页重新开始。',
        actions: [restart, home],
      });
    case 'oversized':
      return htmlPageResponse({
        status: 431,
        mock: ctx.mock,
        icon: 'warn',
        title: '请求过大',
        heading: '请求过大',
        message: '链接或浏览器保存的数据过长，无法处理。请从首页重新开始。',
        actions: [restart, home],
      });
  }
}

/** The answer to input the query guard refused. */
export function guardResponse(verdict: Exclude<GuardVerdict, 'ok'>, ctx: AnswerContext): Response {
  return problemResponse(verdict === 'oversized' ? 'oversized' : 'bad-request', ctx);
}

export function wechatErrorResponse(error: WeChatError, ctx: AnswerContext): Response {
  const restart: PageAction = { kind: 'link', label: '重新授权', href: ctx.restartHref, primary: true };
  const retry: PageAction = { kind: 'link', label: '重试', href: ctx.retryHref, primary: true };
  switch (error.kind) {
    case 'restart':
    case 'reauth':
    case 'expired':
      return htmlPageResponse({
        status: 400,
        mock: ctx.mock,
        icon: 'warn',
        title: '授权已失效',
        heading: '授权已失效',
        message: '微信的授权码已使用或已过期。请重新授权。',
        actions: [restart, home],
      });
    case 'retry':
      return htmlPageResponse({
        status: 502,
        mock: ctx.mock,
        icon: 'waiting',
        title: '微信暂时无法响应',
        heading: '微信暂时无法响应',
        message: '微信服务器繁忙或返回了无法识别的内容。请稍后重试。',
        actions: [retry, home],
      });
    case 'timeout':
      return htmlPageResponse({
        status: 504,
        mock: ctx.mock,
        icon: 'waiting',
        title: '微信响应超时',
        heading: '微信响应超时',
        message: '微信服务器没有及时响应。请稍后重试。',
        actions: [retry, home],
      });
    case 'operator':
      return htmlPageResponse({
        status: 500,
        mock: ctx.mock,
        icon: 'warn',
        title: '服务暂不可用',
        heading: '抱歉，服务暂时不可用',
        message: '网站的配置出了问题，我们已记录下来。请稍后再试。',
        actions: [home],
      });
  }
}

/** Anything unexpected: a page, never a stack trace. */
export function unexpectedErrorResponse(ctx: AnswerContext, error?: unknown): Response {
  // The name only: a message or stack may quote a URL that carries the AppSecret or a token.
  const name = error instanceof Error ? error.name : typeof error;
  console.error(JSON.stringify({ event: 'unexpected_error', error: name }));
  return htmlPageResponse({
    status: 500,
    mock: ctx.mock,
    icon: 'warn',
    title: '出错了',
    heading: '抱歉，出错了',
    message: '页面暂时无法显示。请稍后重试。',
    actions: [{ kind: 'link', label: '重试', href: ctx.retryHref, primary: true }, home],
  });
}

export function isWeChatError(error: unknown): error is WeChatError {
  return error instanceof WeChatError;
}

type Handler = (request: NextRequest) => Promise<Response>;

/** The last line of defence for a route handler: whatever escapes it becomes the apology page, never a bare 500. */
export function withErrorPage(handler: Handler, ctx: (request: NextRequest) => AnswerContext): Handler {
  return async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      return unexpectedErrorResponse(ctx(request), error);
    }
  };
}
