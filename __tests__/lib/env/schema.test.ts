import { formatEnvProblems, MOCK_APPS, parseEnv } from '@/lib/env';

const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) };

describe('parseEnv', () => {
  it('runs the built-in mock when no AppID is set outside production', () => {
    const result = parseEnv({ NODE_ENV: 'development' });
    expect(result.ok && result.env.mode).toBe('mock');
    expect(result.ok && result.env.appId).toBe(MOCK_APPS.mp.appId);
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

  it('refuses to start in production without an AppID with one problem that names the way out', () => {
    const result = parseEnv(production);
    expect(!result.ok && result.problems).toEqual([
      'WECHAT_APPID is not set: set WECHAT_APPID, WECHAT_APPSECRET and SESSION_SECRET for a real Official Account, or WECHAT_MOCK=1 for the built-in mock',
    ]);
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
    const noSecret = parseEnv({
      NODE_ENV: 'production',
      WECHAT_APPID: 'wx1234567890abcdef',
      WECHAT_APPSECRET: 'abcdefgh1234',
    });
    expect(!noSecret.ok && noSecret.problems.join('\n')).toMatch(/SESSION_SECRET/);
  });

  it('names a malformed variable without ever printing its value', () => {
    const secret = 'short-secret-value';
    const result = parseEnv({
      ...production,
      WECHAT_APPID: 'wx1234567890abcdef',
      WECHAT_APPSECRET: 'abcdefgh1234',
      SESSION_SECRET: secret,
      WECHAT_TIMEOUT_MS: 'soon',
    });
    expect(result.ok).toBe(false);
    const message = !result.ok ? formatEnvProblems(result.problems) : '';
    expect(message).toMatch(/SESSION_SECRET/);
    expect(message).toMatch(/WECHAT_TIMEOUT_MS/);
    expect(message).not.toContain(secret);
    expect(message).not.toContain('soon');
    expect(message).toMatch(/^Invalid configuration: /);
    expect(message).not.toContain('\n');
  });

  it('rejects an APP_BASE_URL that is not a bare origin, naming the variable, and strips a trailing slash from one that is', () => {
    for (const url of [
      'wx.example.com',
      'https://wx.example.com/app',
      'https://wx.example.com/app/',
      'https://wx.example.com?x=1',
      'https://wx.example.com/?x=1',
      'https://wx.example.com#top',
      'https://user@wx.example.com',
      'https://wx.example.com:443',
      'https://WX.example.com',
    ]) {
      const result = parseEnv({ APP_BASE_URL: url });
      expect({ url, problems: !result.ok && result.problems }).toEqual({
        url,
        problems: [expect.stringMatching(/^APP_BASE_URL must be a bare origin/)],
      });
    }
    const ok = parseEnv({ APP_BASE_URL: 'https://wx.example.com/' });
    expect(ok.ok && ok.env.appBaseUrl).toBe('https://wx.example.com');
    const port = parseEnv({ APP_BASE_URL: 'http://127.0.0.1:3000' });
    expect(port.ok && port.env.appBaseUrl).toBe('http://127.0.0.1:3000');
  });

  it('accepts a zero profile TTL and rejects an unknown scope or language', () => {
    const ttl = parseEnv({ PROFILE_TTL_SECONDS: '0' });
    expect(ttl.ok && ttl.env.profileTtlSeconds).toBe(0);
    expect(parseEnv({ WECHAT_SCOPE: 'snsapi_login' }).ok).toBe(false);
    expect(parseEnv({ WECHAT_LANG: 'fr' }).ok).toBe(false);
  });

  it('warns in one line that sign-ins are fake when WECHAT_MOCK=1 runs the mock in production, and that the dev session secret is in use', () => {
    const result = parseEnv({ NODE_ENV: 'production', WECHAT_MOCK: '1' });
    const warnings = result.ok ? result.warnings : [];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/mock WeChat.*production.*fake/);
    expect(warnings[0]).toMatch(/SESSION_SECRET is unset.*dev secret/);
    expect(warnings[0]).not.toMatch(/\n/);
  });

  it('says real credentials are ignored when WECHAT_MOCK=1 overrides them in production, without printing any value', () => {
    const source = {
      NODE_ENV: 'production',
      WECHAT_MOCK: '1',
      WECHAT_APPID: 'wx1234567890abcdef',
      WECHAT_APPSECRET: 'real-app-secret-value',
      SESSION_SECRET: 'z'.repeat(40),
    };
    const result = parseEnv(source);
    const warning = result.ok ? result.warnings.join('\n') : '';
    expect(warning).toMatch(/WECHAT_APPID\/WECHAT_APPSECRET are set but ignored/);
    expect(warning).not.toMatch(/SESSION_SECRET/);
    for (const value of [source.WECHAT_APPID, source.WECHAT_APPSECRET, source.SESSION_SECRET])
      expect(warning).not.toContain(value);
  });

  it('does not warn for the mock outside production or for real credentials in production', () => {
    const development = parseEnv({ NODE_ENV: 'development' });
    const real = parseEnv({ ...production, WECHAT_APPID: 'wx1234567890abcdef', WECHAT_APPSECRET: 'abcdefgh1234' });
    expect(development.ok && development.warnings).toEqual([]);
    expect(real.ok && real.warnings).toEqual([]);
  });
});

describe('parseEnv: the relay variables', () => {
  const RELAY_SECRET = 'relay-secret-that-is-32-characters-or-more';
  const problemsOf = (source: Record<string, string | undefined>) => {
    const result = parseEnv({ NODE_ENV: 'development', ...source });
    return result.ok ? [] : result.problems;
  };

  it('leaves the relay off and redirect_uri on this deployment when none is set', () => {
    const result = parseEnv({ NODE_ENV: 'development' });
    expect(result.ok && { authRelay: result.env.authRelay, relay: result.env.relay }).toEqual({
      authRelay: null,
      relay: null,
    });
  });

  it('a deployment with WECHAT_AUTH_RELAY_URL signs in through that origin, with the relay secret', () => {
    for (const own of [{ APP_BASE_URL: 'https://preview.example.com' }, { VERCEL: '1' }]) {
      const result = parseEnv({
        WECHAT_AUTH_RELAY_URL: 'https://wx.example.com/',
        WECHAT_RELAY_SECRET: RELAY_SECRET,
        ...own,
      });
      expect(result.ok && result.env.authRelay).toEqual({ url: 'https://wx.example.com', secret: RELAY_SECRET });
      expect(result.ok && result.env.relay).toBeNull();
    }
  });

  it('off Vercel, requires APP_BASE_URL beside WECHAT_AUTH_RELAY_URL, so no Host header chooses the origin a relay link signs', () => {
    expect(problemsOf({ WECHAT_AUTH_RELAY_URL: 'https://wx.example.com', WECHAT_RELAY_SECRET: RELAY_SECRET })).toEqual([
      expect.stringMatching(/^APP_BASE_URL is required when WECHAT_AUTH_RELAY_URL is set outside Vercel/),
    ]);
  });

  it('refuses a bare * over a host where anyone can name a subdomain, and keeps a team’s own pattern there', () => {
    for (const list of ['https://*.vercel.app', 'https://*.netlify.app', 'https://*.co.uk', 'https://*.github.io']) {
      expect(problemsOf({ WECHAT_RELAY_ALLOWED_ORIGINS: list, WECHAT_RELAY_SECRET: RELAY_SECRET })).toEqual([
        expect.stringMatching(/^WECHAT_RELAY_ALLOWED_ORIGINS entry 1 /),
      ]);
    }
    for (const list of ['https://*-acme.vercel.app', 'https://*.preview.example.com']) {
      expect(problemsOf({ WECHAT_RELAY_ALLOWED_ORIGINS: list, WECHAT_RELAY_SECRET: RELAY_SECRET })).toEqual([]);
    }
  });

  it('a deployment with WECHAT_RELAY_ALLOWED_ORIGINS is a relay for those origins', () => {
    const result = parseEnv({
      WECHAT_RELAY_ALLOWED_ORIGINS: 'https://*-acme.vercel.app, http://localhost:3000',
      WECHAT_RELAY_SECRET: RELAY_SECRET,
    });
    expect(result.ok && result.env.relay).toEqual({
      secret: RELAY_SECRET,
      allowedOrigins: [
        { kind: 'wildcard', protocol: 'https:', port: '', labelEnd: '-acme', domain: 'vercel.app' },
        { kind: 'exact', origin: 'http://localhost:3000' },
      ],
    });
  });

  it('requires WECHAT_RELAY_SECRET wherever either relay variable is set, naming it', () => {
    for (const source of [
      { WECHAT_AUTH_RELAY_URL: 'https://wx.example.com' },
      { WECHAT_RELAY_ALLOWED_ORIGINS: 'https://*-acme.vercel.app' },
      { WECHAT_AUTH_RELAY_URL: 'https://wx.example.com', WECHAT_RELAY_SECRET: '' },
    ]) {
      expect(problemsOf(source)).toEqual([expect.stringMatching(/^WECHAT_RELAY_SECRET is required when/)]);
    }
  });

  it('refuses a short relay secret, or one equal to SESSION_SECRET, without printing it', () => {
    const short = 'short-relay-secret';
    const tooShort = problemsOf({
      WECHAT_AUTH_RELAY_URL: 'https://wx.example.com',
      WECHAT_RELAY_SECRET: short,
      APP_BASE_URL: 'https://preview.example.com',
    });
    expect(tooShort).toEqual(['WECHAT_RELAY_SECRET must be at least 32 characters']);
    const same = problemsOf({
      WECHAT_AUTH_RELAY_URL: 'https://wx.example.com',
      WECHAT_RELAY_SECRET: RELAY_SECRET,
      SESSION_SECRET: RELAY_SECRET,
      APP_BASE_URL: 'https://preview.example.com',
    });
    expect(same).toEqual(['WECHAT_RELAY_SECRET must differ from SESSION_SECRET']);
    expect([...tooShort, ...same].join()).not.toMatch(new RegExp(`${short}|${RELAY_SECRET}`));
  });

  it('refuses a WECHAT_AUTH_RELAY_URL that is not a bare origin', () => {
    for (const url of ['wx.example.com', 'https://wx.example.com/auth/wechat/relay', 'https://WX.example.com']) {
      expect(problemsOf({ WECHAT_AUTH_RELAY_URL: url, WECHAT_RELAY_SECRET: RELAY_SECRET })).toEqual([
        expect.stringMatching(/^WECHAT_AUTH_RELAY_URL must be a bare origin/),
      ]);
    }
  });

  it('parses WECHAT_RELAY_ALLOWED_ORIGINS strictly: a bad entry is named by its position, never its text', () => {
    const problems = problemsOf({
      WECHAT_RELAY_ALLOWED_ORIGINS: 'https://*-acme.vercel.app,https://evil.example/path',
      WECHAT_RELAY_SECRET: RELAY_SECRET,
    });
    expect(problems).toEqual([expect.stringMatching(/^WECHAT_RELAY_ALLOWED_ORIGINS entry 2 must be an origin/)]);
    expect(problems.join()).not.toContain('evil');
  });
});

describe('parseEnv: the shared store and the share card', () => {
  it('keeps the store in-process and the share card on when REDIS_URL and WECHAT_JSSDK are unset', () => {
    const result = parseEnv({ NODE_ENV: 'development', REDIS_URL: '', WECHAT_JSSDK: '' });
    expect(result.ok && { redisUrl: result.env.redisUrl, jssdk: result.env.jssdk }).toEqual({
      redisUrl: null,
      jssdk: true,
    });
  });

  it.each(['redis://127.0.0.1:6379', 'rediss://default:pw@example.upstash.io:6379'])('accepts REDIS_URL %s', (url) => {
    const result = parseEnv({ NODE_ENV: 'development', REDIS_URL: url, WECHAT_JSSDK: '0' });
    expect(result.ok && { redisUrl: result.env.redisUrl, jssdk: result.env.jssdk }).toEqual({
      redisUrl: url,
      jssdk: false,
    });
  });

  it('refuses a REDIS_URL that is not redis:// or rediss://, naming the variable and never its value', () => {
    const result = parseEnv({ NODE_ENV: 'development', REDIS_URL: 'https://user:hunter2@redis.example' });
    expect(!result.ok && result.problems).toEqual(['REDIS_URL must be a redis:// or rediss:// URL']);
  });

  it('refuses a WECHAT_JSSDK other than 0 or 1', () => {
    const result = parseEnv({ NODE_ENV: 'development', WECHAT_JSSDK: 'yes' });
    expect(!result.ok && result.problems.join()).toMatch(/^WECHAT_JSSDK /);
  });
});

describe("parseEnv: the profile page's 公众号 row (WECHAT_FOLLOW_STATUS, WECHAT_FOLLOW_URL)", () => {
  it.each([
    [
      'shows the row, without a follow button, when neither is set',
      { WECHAT_FOLLOW_STATUS: '', WECHAT_FOLLOW_URL: '' },
      { followStatus: true, followUrl: null },
    ],
    [
      'turns the row off with 0, and keeps an https:// follow URL as it is',
      { WECHAT_FOLLOW_STATUS: '0', WECHAT_FOLLOW_URL: 'https://mp.weixin.qq.com/s/AbCdEf?scene=1#wechat_redirect' },
      { followStatus: false, followUrl: 'https://mp.weixin.qq.com/s/AbCdEf?scene=1#wechat_redirect' },
    ],
  ])('%s', (_, vars, expected) => {
    const result = parseEnv({ NODE_ENV: 'development', ...vars });
    expect(result.ok && { followStatus: result.env.followStatus, followUrl: result.env.followUrl }).toEqual(expected);
  });

  it.each(['http://mp.weixin.qq.com/s/AbCdEf', 'javascript:alert(1)', 'mp.weixin.qq.com/s/AbCdEf', 'not a url'])(
    'refuses the follow URL %s, naming the variable and never its value',
    (url) => {
      const result = parseEnv({ NODE_ENV: 'development', WECHAT_FOLLOW_URL: url });
      expect(!result.ok && result.problems).toEqual(['WECHAT_FOLLOW_URL must be an https:// URL']);
    },
  );

  it('refuses a WECHAT_FOLLOW_STATUS other than 0 or 1', () => {
    const result = parseEnv({ NODE_ENV: 'development', WECHAT_FOLLOW_STATUS: 'on' });
    expect(!result.ok && result.problems.join()).toMatch(/^WECHAT_FOLLOW_STATUS /);
  });
});

describe('parseEnv: the website app of QR sign-in (WECHAT_OPEN_APPID, WECHAT_OPEN_APPSECRET)', () => {
  const real = { ...production, WECHAT_APPID: 'wx0123456789abcdef', WECHAT_APPSECRET: 'a-real-enough-secret' };
  const open = { WECHAT_OPEN_APPID: 'wxfedcba9876543210', WECHAT_OPEN_APPSECRET: 'website-secret-value' };

  it('leaves QR sign-in off when neither is set', () => {
    const result = parseEnv(real);
    expect(result.ok && result.env.openApp).toBeNull();
  });

  it('turns it on with both set', () => {
    const result = parseEnv({ ...real, ...open });
    expect(result.ok && result.env.openApp).toEqual({
      appId: open.WECHAT_OPEN_APPID,
      appSecret: open.WECHAT_OPEN_APPSECRET,
    });
  });

  it.each([
    ['only the AppID', { WECHAT_OPEN_APPID: open.WECHAT_OPEN_APPID }],
    ['only the AppSecret', { WECHAT_OPEN_APPSECRET: open.WECHAT_OPEN_APPSECRET }],
  ])('refuses %s, naming both variables and no value', (_name, vars) => {
    const result = parseEnv({ ...real, ...vars });
    expect(result.ok).toBe(false);
    const line = result.ok ? '' : result.problems.join('; ');
    expect(line).toContain('WECHAT_OPEN_APPID and WECHAT_OPEN_APPSECRET must be set together');
    expect(line).not.toMatch(/wxfedcba|website-secret-value/);
  });

  it('refuses a malformed AppID or a short secret by name, never by value', () => {
    const result = parseEnv({ ...real, WECHAT_OPEN_APPID: 'nope-id', WECHAT_OPEN_APPSECRET: 'Zq7x' });
    const line = result.ok ? '' : result.problems.join('; ');
    expect(line).toContain('WECHAT_OPEN_APPID must look like wx…');
    expect(line).toContain('WECHAT_OPEN_APPSECRET is too short');
    expect(line).not.toMatch(/nope-id|Zq7x/);
  });

  it('has the mock’s own website app in mock mode, so `npm run dev` offers QR sign-in without any variable', () => {
    const result = parseEnv({ NODE_ENV: 'development' });
    expect(result.ok && result.env.openApp?.appId).toBe(MOCK_APPS.open.appId);
  });
});

describe('formatEnvProblems', () => {
  it('puts every problem on one line after one prefix, so a log or a terminal shows it whole', () => {
    expect(
      formatEnvProblems(['SESSION_SECRET must be at least 32 characters', 'WECHAT_TIMEOUT_MS must be a whole number']),
    ).toBe(
      'Invalid configuration: SESSION_SECRET must be at least 32 characters; WECHAT_TIMEOUT_MS must be a whole number',
    );
  });
});
