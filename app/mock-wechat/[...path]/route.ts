import { getEnv } from '@/lib/env';
import { getConfiguredMock } from '@/lib/app-context/wechat-client';

export const dynamic = 'force-dynamic';

const notFound = (): Response => new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } });

/** The built-in mock WeChat (authorize page and sns/* API); 404 whenever mock mode is off, whatever the method. */
async function handle(request: Request): Promise<Response> {
  const env = getEnv();
  if (env.mode !== 'mock') return notFound();
  const { getMockWeChat, MOCK_PREFIX } = await import('@/mocks/wechat/instance');
  return getConfiguredMock(env, getMockWeChat).handle(request, MOCK_PREFIX);
}

export const GET = handle;
export const HEAD = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
export const OPTIONS = handle;
