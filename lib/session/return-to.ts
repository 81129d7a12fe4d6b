import 'server-only';
export const DEFAULT_RETURN_TO = '/profile';
const MAX_RETURN_TO_LENGTH = 512;
const BASE = 'http://return-to.invalid';
// Paths that would start authorization again (a loop) or land on the mock WeChat.
const FORBIDDEN_PREFIXES = ['/auth/', '/auth?', '/mock-wechat/', '/mock-wechat?'];

function hasUnsafeCharacters(value: string): boolean {
  return /[\u0000-\u001f\u007f-\u009f\\\ufffd]/.test(value);
}

/** Undoes percent-encoding completely; null when a layer is broken or there are more than three. */
function decodeFully(value: string): string | null {
  let current = value;
  for (let i = 0; i < 4; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}

function isSameSitePath(value: string): boolean {
  return value.startsWith('/') && !value.startsWith('//') && !hasUnsafeCharacters(value);
}

function isForbidden(path: string): boolean {
  const lower = path.toLowerCase();
  return lower === '/auth' || lower === '/mock-wechat' || FORBIDDEN_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/**
 * A same-site path, or DEFAULT_RETURN_TO. Rejects schemes, `//`, backslashes, whitespace and control
 * characters, in the value as given, fully decoded and as a URL parser normalises it, and paths back into /auth/.
 */
export function sanitizeReturnTo(value: string | null | undefined): string {
  if (!value || value.length > MAX_RETURN_TO_LENGTH) return DEFAULT_RETURN_TO;
  const decoded = decodeFully(value);
  if (decoded === null || !isSameSitePath(value) || !isSameSitePath(decoded)) return DEFAULT_RETURN_TO;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return DEFAULT_RETURN_TO;
  }
  if (url.origin !== BASE) return DEFAULT_RETURN_TO;
  const path = `${url.pathname}${url.search}`;
  const decodedPath = decodeFully(path);
  if (decodedPath === null || !isSameSitePath(path) || !isSameSitePath(decodedPath)) return DEFAULT_RETURN_TO;
  if (isForbidden(path) || isForbidden(decodedPath)) return DEFAULT_RETURN_TO;
  return path;
}
