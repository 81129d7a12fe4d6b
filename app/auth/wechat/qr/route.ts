import type { NextRequest } from 'next/server';
import { decide, readSignInStart, redirectToWeChat, respond, withErrorPage } from '@/lib/auth';

export const dynamic = 'force-dynamic';

/**
 * Starts a sign-in through the Open Platform website app (WECHAT-PROTOCOL §17): the same rules and state cookie as
 * /auth/wechat, the state recording the website app, then 302 to WeChat's QR page. 404 without WECHAT_OPEN_APPID.
 */
async function start(request: NextRequest) {
  const read = readSignInStart(request, 'open');
  if ('answer' in read) return read.answer;
  const { env, site, returnTo } = read.start;
  const at = { step: 'start', signedIn: false, hop: 0, returnTo } as const;
  if (!env.openApp) return respond(decide({ problem: 'qr-off' }, at), site);
  return redirectToWeChat(read.start, 'open');
}

export const GET = withErrorPage(start);
