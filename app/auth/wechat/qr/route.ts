import type { NextRequest } from 'next/server';
import { withErrorPage } from '@/lib/auth/failures';
import { readSignInStart, redirectToWeChat } from '@/lib/auth/sign-in';

export const dynamic = 'force-dynamic';

/**
 * Starts a sign-in through the Open Platform website app (WECHAT-PROTOCOL §17): the same rules and state cookie as
 * /auth/wechat, the state recording the website app, then 302 to WeChat's QR page. 404 without WECHAT_OPEN_APPID.
 */
async function start(request: NextRequest) {
  const read = await readSignInStart(request, 'open');
  if ('answer' in read) return read.answer;
  return redirectToWeChat(read.start, 'open');
}

export const GET = withErrorPage(start);
