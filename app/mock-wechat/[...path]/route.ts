import { getEnv } from '@/lib/env';
import { htmlPageResponse } from '@/lib/http/html-page';

export const dynamic = 'force-dynamic';

/** With mock mode off the mock does not exist: the same 404 page as any unknown address. */
function notFound(): Response {
  return htmlPageResponse({
    status: 404,
    mock: false,
    icon: 'info',
    title: '页面不存在',
    heading: '页面不存在',
    message: '你访问的页面不存在或已被移除。',
    actions: [{ kind: 'link', label: '返回首页', href: '/', primary: true }],
  });
}

/** The built-in mock WeChat (authorize page and sns/* API); 404 whenever mock mode is off, whatever the method. */
async function handle(request: Request): Promise<Response> {
  const env = getEnv();
  if (env.mode !== 'mock') return notFound();
  const { getMockWeChat, MOCK_PREFIX } = await import('@/mocks/wechat/instance');
  return getMockWeChat(env).handle(request, MOCK_PREFIX);
}

export const GET = handle;
export const HEAD = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
export const OPTIONS = handle;
