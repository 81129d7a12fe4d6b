import type { NextRequest } from 'next/server';
import { qrSignInPath, readSignInStart, redirectToWeChat, signInPath, withErrorPage } from '@/lib/auth';
import { isPhoneBrowser, isWeChatBrowser, openInWeChatResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** Starts WeChat web authorization: a state cookie bound to this browser, then 302 to WeChat's authorize page. */
async function start(request: NextRequest) {
  const read = readSignInStart(request, 'mp');
  if ('answer' in read) return read.answer;
  const { env, site, returnTo, scope } = read.start;
  const userAgent = request.headers.get('user-agent');
  if (!site.mock && !isWeChatBrowser(userAgent)) {
    // The QR code carries the cleaned-up link, never whatever else the query held.
    const link = `${site.origin}${signInPath({ returnTo, scope })}`;
    const qrSignInHref = env.openApp ? qrSignInPath({ returnTo }) : null;
    return openInWeChatResponse(link, { qrSignInHref, desktop: !isPhoneBrowser(userAgent) });
  }
  return redirectToWeChat(read.start, 'mp');
}

export const GET = withErrorPage(start);
