import type { NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { withErrorPage } from '@/lib/auth';
import { failurePageResponse } from '@/lib/http';
import { serveMockWeChat } from '@/lib/wechat';

export const dynamic = 'force-dynamic';

const NOT_FOUND = { status: 404, mock: false, restartHref: '/', retryHref: '/' } as const;

/** The built-in mock WeChat (authorize page and sns/* API); with mock mode off it does not exist, whatever the method. */
async function handle(request: NextRequest) {
  return (await serveMockWeChat(getEnv(), request)) ?? failurePageResponse('not-found', NOT_FOUND);
}

export const GET = withErrorPage(handle);
export const HEAD = GET;
export const POST = GET;
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
export const OPTIONS = GET;
