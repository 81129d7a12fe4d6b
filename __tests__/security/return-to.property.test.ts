import fc from 'fast-check';
import { sanitizeReturnTo } from '@/lib/auth/links';

const ORIGIN = 'https://wx.example.test';

/** Pieces attackers combine to leave the site: schemes, slashes, backslashes, encodings, whitespace. */
const hostile = fc.constantFrom(
  '/',
  '//',
  '\\',
  '/\\',
  '%2f',
  '%2F',
  '%5c',
  '%5C',
  '%252f',
  '%25252f',
  'https:',
  'javascript:',
  'data:',
  '@',
  '.',
  '..',
  '%2e',
  '\t',
  '\n',
  '\r',
  ' ',
  '%09',
  '%0a',
  '%00',
  'evil.example',
  '/auth/wechat',
  '/mock-wechat/',
  '?',
  '#',
  '%23',
  '\u3002',
  '％２ｆ',
);
const candidate = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(hostile, { maxLength: 8 }).map((parts) => parts.join('')),
  fc.tuple(fc.array(hostile, { maxLength: 4 }), fc.webPath()).map(([parts, path]) => parts.join('') + path),
  fc.webUrl().map((url) => url.replace(/^https?:/, '')),
);

describe('returnTo guard, property-based', () => {
  it('never throws and always answers a same-site path that stays on this origin, whatever it is given', () => {
    fc.assert(
      fc.property(candidate, (value) => {
        const result = sanitizeReturnTo(value);
        expect(result.startsWith('/')).toBe(true);
        expect(result.startsWith('//')).toBe(false);
        expect(result).not.toMatch(/[\\\u0000-\u001f]/);
        expect(new URL(result, ORIGIN).origin).toBe(ORIGIN);
        expect(new URL(`${ORIGIN}${result}`).origin).toBe(ORIGIN);
        expect(decodeURIComponent(result).toLowerCase().startsWith('/auth/')).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps every ordinary path of this site as it is', () => {
    const segment = fc
      .stringMatching(/^[A-Za-z0-9_~-]{1,12}$/)
      .filter((s) => !['auth', 'mock-wechat'].includes(s.toLowerCase()));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
        const path = `/${segments.join('/')}`;
        expect(sanitizeReturnTo(path)).toBe(path);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    '/%252f%252fevil.example',
    '/%2e%2e//evil.example',
    '/.//evil.example',
    '/\t/evil.example',
    '/%09/evil.example',
    '/%5C%5Cevil.example',
    '/%25%35%63evil.example',
    '/%61uth/wechat',
    '/AUTH/wechat',
    '/profile/../auth/wechat',
    '/%2e%2e/auth/wechat?x=1',
    '/auth?returnTo=/profile',
    '/mock-wechat',
    'https:/evil.example',
  ])('turns %p into /profile', (value) => {
    expect(sanitizeReturnTo(value)).toBe('/profile');
  });
});
