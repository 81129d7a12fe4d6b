import { sanitizeReturnTo } from '@/lib/auth/links';

describe('returnTo guard', () => {
  it.each(['/profile', '/profile?tab=1', '/', '/a/b%20c', '/help/auth/wechat'])(
    'keeps the same-site path %p',
    (path) => {
      expect(sanitizeReturnTo(path)).toBe(path);
    },
  );

  it.each([
    'https://evil.example/',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/%2F%2Fevil.example',
    '%2F%2Fevil.example',
    '/%5Cevil.example',
    'javascript:alert(1)',
    'profile',
    '',
    null,
    undefined,
    '/auth',
    '/AUTH/wechat',
    '/auth/wechat',
    '/auth/wechat/callback?code=x',
    '/\u0000x',
    `/${'a'.repeat(600)}`,
  ])('turns %p into /profile', (value) => {
    expect(sanitizeReturnTo(value)).toBe('/profile');
  });

  it('keeps a path of 512 characters and refuses one of 513', () => {
    expect(sanitizeReturnTo(`/${'a'.repeat(511)}`)).toBe(`/${'a'.repeat(511)}`);
    expect(sanitizeReturnTo(`/${'a'.repeat(512)}`)).toBe('/profile');
  });

  it('refuses a path with broken percent-encoding, or one still encoded after four decodings', () => {
    expect(sanitizeReturnTo('/a%E0%A4%A')).toBe('/profile');
    expect(sanitizeReturnTo('/a%252525252541')).toBe('/profile');
    expect(sanitizeReturnTo('/a%252541')).toBe('/a%252541');
  });

  it('measures the path as normalised: 56 Chinese characters fit 512 once percent-encoded, 57 do not', () => {
    expect(sanitizeReturnTo(`/${'中'.repeat(56)}`)).toBe(`/${'%E4%B8%AD'.repeat(56)}`);
    expect(sanitizeReturnTo(`/${'中'.repeat(57)}`)).toBe('/profile');
  });
});
