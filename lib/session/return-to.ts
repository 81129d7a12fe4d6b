export const DEFAULT_RETURN_TO = '/profile';
const MAX_RETURN_TO_LENGTH = 512;
const BASE = 'http://return-to.invalid';

function hasUnsafeCharacters(value: string): boolean {
  return /[\u0000-\u001f\u007f\\]/.test(value);
}

function decodeFully(value: string): string | null {
  let current = value;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}

/** A same-site path, or DEFAULT_RETURN_TO. Rejects schemes, `//`, backslashes and their encoded variants, and /auth/ loops. */
export function sanitizeReturnTo(value: string | null | undefined): string {
  if (!value || value.length > MAX_RETURN_TO_LENGTH) return DEFAULT_RETURN_TO;
  const decoded = decodeFully(value);
  if (decoded === null || hasUnsafeCharacters(value) || hasUnsafeCharacters(decoded)) return DEFAULT_RETURN_TO;
  if (!value.startsWith('/') || value.startsWith('//') || !decoded.startsWith('/') || decoded.startsWith('//')) {
    return DEFAULT_RETURN_TO;
  }
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return DEFAULT_RETURN_TO;
  }
  if (url.origin !== BASE) return DEFAULT_RETURN_TO;
  const path = `${url.pathname}${url.search}`;
  if (path.startsWith('/auth/') || path.startsWith('/mock-wechat/')) return DEFAULT_RETURN_TO;
  return path;
}
