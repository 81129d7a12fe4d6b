import type { NextRequest } from 'next/server';
import { withErrorPage } from '@/lib/auth/failures';
import { startSignIn } from '@/lib/auth/sign-in';

export const dynamic = 'force-dynamic';

/** Starts a sign-in through the Open Platform website app (WECHAT-PROTOCOL §17); 404 without WECHAT_OPEN_APPID. */
export const GET = withErrorPage((request: NextRequest) => startSignIn(request, 'open'));
