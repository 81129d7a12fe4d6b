import type { NextRequest } from 'next/server';
import { withErrorPage } from '@/lib/auth/failures';
import { startSignIn } from '@/lib/auth/sign-in';

export const dynamic = 'force-dynamic';

/** Starts a WeCom member's sign-in: WeCom's web login on a desktop (WECHAT-PROTOCOL §19.4); 404 without WECOM_*. */
export const GET = withErrorPage((request: NextRequest) => startSignIn(request, 'wecom'));
