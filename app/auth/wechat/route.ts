import type { NextRequest } from 'next/server';
import { withErrorPage } from '@/lib/auth/failures';
import { openInWeChatInstead, readSignInStart, redirectToWeChat } from '@/lib/auth/sign-in';

export const dynamic = 'force-dynamic';

/** Starts WeChat web authorization: a state cookie bound to this browser, then 302 to WeChat's authorize page. */
async function start(request: NextRequest) {
  const read = await readSignInStart(request, 'mp');
  if ('answer' in read) return read.answer;
  return (await openInWeChatInstead(request, read.start)) ?? redirectToWeChat(read.start, 'mp');
}

export const GET = withErrorPage(start);
