import 'server-only';
import { cache } from 'react';
import { cookies } from 'next/headers';
import { getEnv } from '@/lib/env';
import { SESSION_COOKIE } from './cookies';
import { unsealSession } from './session';
import type { Session } from './schema';

export type { Session, StoredProfile } from './schema';

/** The current session for server components, read once per request; null when absent or not genuine. */
export const getSession = cache(async (): Promise<Session | null> => {
  const store = await cookies();
  return unsealSession(store.get(SESSION_COOKIE)?.value, getEnv().sessionSecret);
});
