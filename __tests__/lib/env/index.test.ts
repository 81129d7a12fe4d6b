/** getEnv(): the configuration every server module reads, parsed once, its problems or warnings logged once. */
const saved = process.env;
let warn: jest.SpyInstance;
let error: jest.SpyInstance;

/** lib/env loaded afresh with only these variables set, as another bundle does, or `next dev` after a .env change. */
async function reloadedEnv(vars: Record<string, string>) {
  jest.resetModules();
  process.env = { ...vars } as NodeJS.ProcessEnv;
  return import('@/lib/env');
}

/** lib/env as a fresh server process loads it, with only these variables set. */
async function freshEnv(vars: Record<string, string>) {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('wechat-oauth-next.config-logged')];
  return reloadedEnv(vars);
}

beforeEach(() => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  process.env = saved;
  jest.restoreAllMocks();
});

describe('getEnv', () => {
  it('lets the production mock start (as the black-box tests run it), logging its WARNING line once', async () => {
    const { getEnv } = await freshEnv({ NODE_ENV: 'production', WECHAT_MOCK: '1' });
    expect(getEnv().mode).toBe('mock');
    expect(getEnv().mode).toBe('mock');
    expect(warn.mock.calls).toEqual([[expect.stringMatching(/^WARNING: .*mock WeChat/)]]);
    expect(error).not.toHaveBeenCalled();
  });

  it('refuses a malformed APP_BASE_URL with a ConfigurationError whose one line names it, logged once, without its value', async () => {
    const { getEnv, ConfigurationError } = await freshEnv({
      NODE_ENV: 'development',
      APP_BASE_URL: 'https://wx.example.com/app',
    });
    const thrown = [0, 1].map(() => {
      try {
        getEnv();
      } catch (e) {
        return e;
      }
      return null;
    });
    expect(thrown.every((e) => e instanceof ConfigurationError)).toBe(true);
    const line = (thrown[0] as Error).message;
    expect(line).toMatch(/^Invalid configuration: APP_BASE_URL must be a bare origin/);
    expect(line).not.toContain('\n');
    expect(line).not.toContain('wx.example.com/app');
    expect(error.mock.calls).toEqual([[line]]);
  });
});

describe('what a server says of its configuration', () => {
  const BROKEN = { NODE_ENV: 'development', WECHAT_TIMEOUT_MS: 'soon' };
  const loads = async (vars: Record<string, string>) => (await reloadedEnv(vars)).loadConfig().ok;

  it('says it again when .env changes under `next dev`: broken, fixed, then broken the same way once more', async () => {
    await freshEnv({});
    expect(await loads(BROKEN)).toBe(false);
    expect(await loads(BROKEN)).toBe(false);
    expect(await loads({ NODE_ENV: 'development', WECHAT_MOCK: '1' })).toBe(true);
    expect(await loads(BROKEN)).toBe(false);
    const line = 'Invalid configuration: WECHAT_TIMEOUT_MS must be a whole number';
    // The second load is another bundle of the same server with the same configuration: nothing new to say.
    expect(error.mock.calls).toEqual([[line], [line]]);
  });

  it('says once, as `next dev` starts (instrumentation’s register()), that sign-ins go to the built-in mock', async () => {
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    await freshEnv({ NODE_ENV: 'development' });
    (await import('@/instrumentation')).register();
    (await import('@/lib/env')).getEnv();
    expect(info.mock.calls).toEqual([[expect.stringMatching(/^Mock mode: sign-ins go to the built-in mock WeChat/)]]);
  });

  it('says nothing about the mock with real credentials, nor in a production build', async () => {
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    const real = {
      WECHAT_APPID: 'wx1234567890abcdef',
      WECHAT_APPSECRET: 'a-secret-value',
      SESSION_SECRET: 'x'.repeat(32),
    };
    expect(await loads({ NODE_ENV: 'development', ...real })).toBe(true);
    expect(await loads({ NODE_ENV: 'production', ...real })).toBe(true);
    expect(info).not.toHaveBeenCalled();
  });
});
