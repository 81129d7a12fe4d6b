/** GET /api/health: 200 JSON, status and mode, nothing secret (misconfigured: __tests__/app/misconfigured.test.ts). */
import { GET } from '@/app/api/health/route';
import { TEST_APP_SECRET, TEST_SESSION_SECRET } from '../../../support/env';
import { loadWithEnv } from '../../../support/isolated';
import { request } from '../../../support/requests';

describe('GET /api/health', () => {
  it('answers 200 JSON with status and mode, never cached, and nothing secret', async () => {
    const response = await GET(request('/api/health'));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ status: 'ok', mode: 'wechat' });
    expect(text).not.toContain(TEST_APP_SECRET);
    expect(text).not.toContain(TEST_SESSION_SECRET);
  });

  it('says mock when the built-in mock is serving', async () => {
    const route = await loadWithEnv({ WECHAT_MOCK: '1' }, () => import('@/app/api/health/route'));
    expect(await (await route.GET(request('/api/health'))).json()).toEqual({ status: 'ok', mode: 'mock' });
  });
});
