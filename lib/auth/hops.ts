import 'server-only';
import { nowSeconds, type Session } from '@/lib/session';

/**
 * Every redirect the app starts by itself into a sign-in or a renewal is one hop of a chain. The hop count
 * travels in the /auth/wechat and refresh URLs, the sealed state and the session; past MAX_HOPS the chain
 * ends on a page, whatever WeChat keeps answering.
 */
export const MAX_HOPS = 3;

// A chain is redirects that follow each other at once; a session written longer ago than this starts a new one.
const CHAIN_WINDOW_SECONDS = 60;

/** The shape the routes' query guard requires of `hop=`: one digit. */
export const HOP_PARAMETER = /^[0-9]$/;

/** The hop a `hop=` query parameter names (the route's guard has checked it against HOP_PARAMETER). */
export function hopFromQuery(value: string | null): number {
  return value === null ? 0 : Number(value);
}

/** The hop of the chain that last wrote this session, or 0 when that was not moments ago. */
export function sessionHop(session: Session): number {
  return nowSeconds() - session.chain.at < CHAIN_WINDOW_SECONDS ? session.chain.hop : 0;
}
