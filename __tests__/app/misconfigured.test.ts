/**
 * CONTRACT, failures: "a misconfigured deployment (missing or malformed variable) on a platform that never runs
 * `next start` (Vercel) | every route answers a 500 page in zh-CN with a plain apology; the log names the variable
 * once". Nothing here runs `next start` or its configuration check: the routes, the proxy and instrumentation.ts
 * are called as Vercel's functions call them.
 */
import { NextRequest } from 'next/server';
import { TEST_ORIGIN, WECHAT_UA } from '../support/env';

type Handler = (
  request: NextRequest,
  context: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

async function loadApp() {
  return {
    register: (await import('@/instrumentation')).register,
    proxy: (await import('@/proxy')).proxy,
    routes: {
      'GET /auth/wechat': (await import('@/app/auth/wechat/route')).GET,
      'GET /auth/wechat/callback': (await import('@/app/auth/wechat/callback/route')).GET,
      'GET /auth/wechat/refresh': (await import('@/app/auth/wechat/refresh/route')).GET,
      'GET /auth/wechat/relay': (await import('@/app/auth/wechat/relay/route')).GET,
      'POST /auth/logout': (await import('@/app/auth/logout/route')).POST,
      'GET /auth/logout': (await import('@/app/auth/logout/route')).GET,
      'GET /mp-verify/abc': (await import('@/app/mp-verify/[token]/route')).GET,
      'GET /mock-wechat/connect/oauth2/authorize': (await import('@/app/mock-wechat/[...path]/route')).GET,
    } as unknown as Record<string, Handler>,
    health: (await import('@/app/api/health/route')).GET,
  };
}

const saved = { ...process.env };
let errors: jest.SpyInstance;

beforeEach(() => {
  // A fresh server process: its modules, and the "already logged" mark lib/env keeps on globalThis.
  jest.resetModules();
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('wechat-oauth-next.config-logged')];
  // Set where it matters and empty elsewhere, as a forgotten Vercel variable is.
  process.env = { ...saved, NODE_ENV: 'production', WECHAT_MOCK: '', WECHAT_APPID: '' } as NodeJS.ProcessEnv;
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  process.env = saved;
  jest.restoreAllMocks();
});

function request(route: string): NextRequest {
  const [method = 'GET', path = '/'] = route.split(' ');
  return new NextRequest(`${TEST_ORIGIN}${path}`, { method, headers: { 'user-agent': WECHAT_UA } });
}

async function expectApology(response: Response): Promise<void> {
  expect(response.status).toBe(500);
  const html = await response.text();
  expect(html).toContain('<html lang="zh-CN">');
  expect(html).toContain('抱歉，服务暂时不可用');
  expect(html).not.toMatch(/WECHAT_|SESSION_SECRET|at \w+ \(|Error/);
}

describe('a deployment without WECHAT_APPID, as Vercel runs it', () => {
  it('answers every route handler with the zh-CN apology page (500)', async () => {
    const { routes } = await loadApp();
    for (const [route, handler] of Object.entries(routes)) {
      const response = await handler(request(route), { params: Promise.resolve({ token: 'abc', path: ['x'] }) });
      await expectApology(response);
    }
  });

  it('answers the health check with 500 JSON that names the variable, for a monitor to read', async () => {
    const { health } = await loadApp();
    const response = await health(request('GET /api/health'));
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      status: 'misconfigured',
      problem: expect.stringMatching(/^Invalid configuration: WECHAT_APPID is not set/),
    });
  });

  it('names a malformed variable in the health check’s JSON, never its value', async () => {
    Object.assign(process.env, {
      WECHAT_APPID: 'wx1234567890abcdef',
      WECHAT_APPSECRET: 'an-app-secret',
      SESSION_SECRET: 'too-short-a-secret',
    });
    const { health } = await loadApp();
    const text = await (await health(request('GET /api/health'))).text();
    expect(JSON.parse(text)).toEqual({ status: 'misconfigured', problem: expect.stringContaining('SESSION_SECRET') });
    expect(text).not.toContain('too-short-a-secret');
  });

  it('answers every page through the proxy with the same apology (500), before any page renders', async () => {
    const { proxy } = await loadApp();
    for (const path of ['/', '/profile', '/no-such-page']) {
      const response = proxy(request(`GET ${path}`));
      await expectApology(response);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('logs one line that names the variable and the way out, once, from the start of the server on', async () => {
    const { register, proxy, routes } = await loadApp();
    register();
    proxy(request('GET /profile'));
    await routes['GET /auth/wechat']?.(request('GET /auth/wechat'), { params: Promise.resolve({}) });

    expect(errors).toHaveBeenCalledTimes(1);
    const [line] = errors.mock.calls[0] as [string];
    expect(line).toMatch(/^Invalid configuration: WECHAT_APPID is not set: .*WECHAT_MOCK=1/);
    expect(line).not.toContain('\n');
  });
});
