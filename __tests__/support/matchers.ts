import { TEST_ORIGIN } from './env';

/** The links of a page, with the HTML escaping of `&` undone. */
export function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => (m[1] ?? '').replace(/&#38;/g, '&'));
}

function locationOf(response: Response): string | null {
  const location = response.headers.get('location');
  return location?.startsWith(TEST_ORIGIN) ? location.slice(TEST_ORIGIN.length) : location;
}

expect.extend({
  /** A redirect (any 3xx, or the given status) to `path` on the app's origin, or to an absolute URL. */
  toRedirectTo(response: Response, path: string, status?: number) {
    const location = locationOf(response);
    const isRedirect = status ? response.status === status : response.status >= 300 && response.status < 400;
    const pass = isRedirect && location === path;
    return {
      pass,
      message: () =>
        `expected ${pass ? 'no ' : ''}redirect${status ? ` ${status}` : ''} to ${path}, got ${response.status} → ${location}`,
    };
  },

  /** A 303 to `path` whose empty fragment ends the #wechat_redirect the browser carried over: where a sign-in lands. */
  toLandOn(response: Response, path: string) {
    const location = locationOf(response);
    const pass = response.status === 303 && location === `${path}#`;
    return {
      pass,
      message: () => `expected ${pass ? 'no ' : ''}303 landing on ${path}#, got ${response.status} → ${location}`,
    };
  },
});

// The tests type expect() through @types/jest (tsconfig "types"), so the matcher joins jest's Matchers.
declare global {
  namespace jest {
    interface Matchers<R> {
      toRedirectTo(path: string, status?: number): R;
      toLandOn(path: string): R;
    }
  }
}
