/** GET /MP_verify_<token>.txt (rewritten to /mp-verify/<token>): WeChat's check of the 网页授权域名. */
import { GET } from '@/app/mp-verify/[token]/route';
import { loadWithEnv } from '../../support/isolated';
import { request } from '../../support/requests';

const verify = (token: string) => GET(request(`/MP_verify_${token}.txt`), { params: Promise.resolve({ token }) });

describe('GET /MP_verify_<token>.txt', () => {
  it('answers the configured token (WECHAT_MP_VERIFY) as text/plain', async () => {
    const response = await verify('AbCdEf0123456789');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('AbCdEf0123456789');
  });

  it('answers 404 for any other token', async () => {
    expect((await verify('AbCdEf0123456780')).status).toBe(404);
    expect((await verify('')).status).toBe(404);
  });

  it('answers 404 for every token when WECHAT_MP_VERIFY is unset', async () => {
    const route = await loadWithEnv({ WECHAT_MP_VERIFY: '' }, () => import('@/app/mp-verify/[token]/route'));
    for (const token of ['AbCdEf0123456789', '', 'undefined']) {
      const response = await route.GET(request(`/MP_verify_${token}.txt`), { params: Promise.resolve({ token }) });
      expect({ token, status: response.status }).toEqual({ token, status: 404 });
    }
  });
});
