/** getEnv(): the configuration every server module reads, parsed once, its problems or warnings logged once. */
const saved = process.env;
let warn: jest.SpyInstance;
let error: jest.SpyInstance;

/** lib/env as a fresh server process loads it, with only these variables set. */
async function freshEnv(vars: Record<string, string>) {
  jest.resetModules();
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('wechat-oauth-next.config-logged')];
  process.env = { ...vars } as NodeJS.ProcessEnv;
  return import('@/lib/env');
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
