import { formatEnvProblems, MOCK_APP_ID, parseEnv } from '@/lib/env/schema';

const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) };

describe('parseEnv', () => {
  it('runs the built-in mock when no AppID is set outside production', () => {
    const result = parseEnv({ NODE_ENV: 'development' });
    expect(result.ok && result.env.mode).toBe('mock');
    expect(result.ok && result.env.appId).toBe(MOCK_APP_ID);
  });

  it('uses the contract defaults when optional variables are unset or empty', () => {
    const result = parseEnv({ NODE_ENV: 'development', WECHAT_SCOPE: '', WECHAT_TIMEOUT_MS: '' });
    if (!result.ok) throw new Error(result.problems.join());
    expect(result.env).toMatchObject({
      oauthBaseUrl: 'https://open.weixin.qq.com',
      apiBaseUrl: 'https://api.weixin.qq.com',
      scope: 'snsapi_userinfo',
      lang: 'zh_CN',
      timeoutMs: 5000,
      profileTtlSeconds: 600,
      appBaseUrl: undefined,
    });
  });

  it('refuses to start in production without an AppID, naming the variable', () => {
    const result = parseEnv(production);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.join()).toMatch(/WECHAT_APPID/);
  });

  it('allows the mock in a production build only when WECHAT_MOCK=1', () => {
    const result = parseEnv({ NODE_ENV: 'production', WECHAT_MOCK: '1' });
    expect(result.ok && result.env.mode).toBe('mock');
  });

  it('forbids the mock with WECHAT_MOCK=0 even in development', () => {
    const result = parseEnv({ NODE_ENV: 'development', WECHAT_MOCK: '0' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.join()).toMatch(/WECHAT_APPID/);
  });

  it('requires the AppSecret and a session secret with real credentials', () => {
    const result = parseEnv({ NODE_ENV: 'production', WECHAT_APPID: 'wx1234567890abcdef' });
    expect(!result.ok && result.problems.join('\n')).toMatch(/WECHAT_APPSECRET/);
    const noSecret = parseEnv({ NODE_ENV: 'production', WECHAT_APPID: 'wx1234567890abcdef', WECHAT_APPSECRET: 'abcdefgh1234' });
    expect(!noSecret.ok && noSecret.problems.join('\n')).toMatch(/SESSION_SECRET/);
  });

  it('names a malformed variable without ever printing its value', () => {
    const secret = 'short-secret-value';
    const result = parseEnv({ ...production, WECHAT_APPID: 'wx1234567890abcdef', WECHAT_APPSECRET: 'abcdefgh1234', SESSION_SECRET: secret, WECHAT_TIMEOUT_MS: 'soon' });
    expect(result.ok).toBe(false);
    const message = !result.ok ? formatEnvProblems(result.problems) : '';
    expect(message).toMatch(/SESSION_SECRET/);
    expect(message).toMatch(/WECHAT_TIMEOUT_MS/);
    expect(message).not.toContain(secret);
    expect(message).not.toContain('soon');
    expect(message.split('\n').every((line) => line.startsWith('Invalid configuration: '))).toBe(true);
  });

  it('rejects an APP_BASE_URL that is not an origin and strips a trailing slash from one that is', () => {
    expect(parseEnv({ APP_BASE_URL: 'wx.example.com' }).ok).toBe(false);
    expect(parseEnv({ APP_BASE_URL: 'https://wx.example.com/app' }).ok).toBe(false);
    const ok = parseEnv({ APP_BASE_URL: 'https://wx.example.com/' });
    expect(ok.ok && ok.env.appBaseUrl).toBe('https://wx.example.com');
  });

  it('accepts a zero profile TTL and rejects an unknown scope or language', () => {
    const ttl = parseEnv({ PROFILE_TTL_SECONDS: '0' });
    expect(ttl.ok && ttl.env.profileTtlSeconds).toBe(0);
    expect(parseEnv({ WECHAT_SCOPE: 'snsapi_login' }).ok).toBe(false);
    expect(parseEnv({ WECHAT_LANG: 'fr' }).ok).toBe(false);
  });
});
