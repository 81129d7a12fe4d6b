import 'server-only';
import { cache } from 'react';
import { cookies } from 'next/headers';
import { getEnv } from '@/lib/env';
import { SESSION_COOKIE } from './cookies';
import { unsealSession } from './session';
import type { Session } from './schema';

export type { Chain, Session, StatePayload, StoredProfile } from './schema';
export { SESSION_COOKIE, STATE_COOKIE, clearSessionCookie } from './cookies';
export {
  isAccessTokenExpired,
  isProfileStale,
  nowSeconds,
  readSession,
  sessionFromTokens,
  storeSession,
  withProfile,
  withRenewedToken,
} from './session';
export { consumeState, createState } from './state';
export { sanitizeReturnTo } from './return-to';

/** The current session for server components, read once per request; null when absent or not genuine. */
export const getSession = cache(async (): Promise<Session | null> => {
  const store = await cookies();
  return unsealSession(store.get(SESSION_COOKIE)?.value, getEnv().sessionSecret);
});
