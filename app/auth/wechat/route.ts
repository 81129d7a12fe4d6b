import type { NextRequest } from 'next/server';
import { withErrorPage } from '@/lib/auth/failures';
import { startSignIn } from '@/lib/auth/sign-in';

export const dynamic = 'force-dynamic';

/** Starts WeChat web authorization: a state cookie bound to this browser, then 302 to WeChat's authorize page. */
export const GET = withErrorPage((request: NextRequest) => startSignIn(request, 'mp'));
