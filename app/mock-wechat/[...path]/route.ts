import type { NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { withErrorPage } from '@/lib/auth/failures';
import { failurePageResponse } from '@/lib/http/pages';
import { backendFor } from '@/lib/wechat/backend';

export const dynamic = 'force-dynamic';

const NOT_FOUND = { status: 404, banner: null, restartHref: '/', retryHref: '/' } as const;

/** The built-in mock WeChat (authorize page and sns/* API); with mock mode off it does not exist, whatever the method. */
async function handle(request: NextRequest) {
  return (await backendFor(getEnv()).serve(request)) ?? failurePageResponse('not-found', NOT_FOUND);
}

export const GET = withErrorPage(handle);
export const HEAD = GET;
export const POST = GET;
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
export const OPTIONS = GET;
