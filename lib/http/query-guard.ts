const MAX_QUERY_LENGTH = 2048;
const MAX_COOKIE_HEADER_LENGTH = 8192;

/**
 * Oversized or repeated parameters are never a real WeChat redirect or a link of ours: refuse them
 * before doing any work. Returns the names of the allowed parameters that were repeated, or 'too-long'.
 */
export function checkQuery(request: Request, allowed: readonly string[]): 'ok' | 'too-long' | 'repeated' {
  const url = new URL(request.url);
  if (url.search.length > MAX_QUERY_LENGTH) return 'too-long';
  if ((request.headers.get('cookie')?.length ?? 0) > MAX_COOKIE_HEADER_LENGTH) return 'too-long';
  for (const name of allowed) if (url.searchParams.getAll(name).length > 1) return 'repeated';
  return 'ok';
}
