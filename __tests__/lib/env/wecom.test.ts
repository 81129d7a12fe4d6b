/** WECOM_* (CONTRACT's configuration table, WECHAT-PROTOCOL §19). */
import { MOCK_APPS, parseEnv } from '@/lib/env';

const real = {
  NODE_ENV: 'production',
  WECHAT_APPID: 'wx0000000000real01',
  WECHAT_APPSECRET: 'real-app-secret',
  SESSION_SECRET: 'x'.repeat(32),
};
const corp = { WECOM_CORPID: 'ww1234567890abcdef', WECOM_AGENTID: '1000002', WECOM_SECRET: 'wecom-app-secret-value' };

describe('WECOM_*', () => {
  it('is off without the three variables', () => {
    const result = parseEnv(real);
    expect(result.ok && result.env.wecom).toBeNull();
  });

  it('with all three: the corp and its app, snsapi_base and WeCom’s hosts by default', () => {
    const result = parseEnv({ ...real, ...corp });
    if (!result.ok) throw new Error(result.problems.join());
    expect(result.env.wecom).toEqual({
      corpId: corp.WECOM_CORPID,
      agentId: '1000002',
      secret: corp.WECOM_SECRET,
      scope: 'snsapi_base',
    });
    expect(result.env).toMatchObject({
      wecomApiBaseUrl: 'https://qyapi.weixin.qq.com',
      wecomLoginBaseUrl: 'https://login.work.weixin.qq.com',
    });
  });

  it('takes a corp ID that starts with wx as well: the prefix means nothing (§19.1)', () => {
    const result = parseEnv({ ...real, ...corp, WECOM_CORPID: 'wx1234567890abcdef' });
    expect(result.ok && result.env.wecom?.corpId).toBe('wx1234567890abcdef');
  });

  it.each(['WECOM_CORPID', 'WECOM_AGENTID', 'WECOM_SECRET'])(
    'refuses %s left out, naming all three and no value',
    (name) => {
      const result = parseEnv({ ...real, ...corp, [name]: '' });
      expect(!result.ok && result.problems).toEqual([
        'WECOM_CORPID, WECOM_AGENTID and WECOM_SECRET must be set together (or none)',
      ]);
    },
  );

  it('refuses a scope WeCom does not have and an agentid that is not a number', () => {
    const result = parseEnv({ ...real, ...corp, WECOM_SCOPE: 'snsapi_userinfo', WECOM_AGENTID: 'abc' });
    expect(!result.ok && result.problems.join()).toMatch(/WECOM_SCOPE.*WECOM_AGENTID|WECOM_AGENTID.*WECOM_SCOPE/);
    expect(JSON.stringify(result)).not.toContain(corp.WECOM_SECRET);
  });

  it('in mock mode: the mock’s own corp, asking for privateinfo unless WECOM_SCOPE says otherwise', () => {
    const mock = parseEnv({ NODE_ENV: 'development' });
    expect(mock.ok && mock.env.wecom).toMatchObject({ ...MOCK_APPS.wecom, scope: 'snsapi_privateinfo' });
    const base = parseEnv({ NODE_ENV: 'development', WECOM_SCOPE: 'snsapi_base' });
    expect(base.ok && base.env.wecom?.scope).toBe('snsapi_base');
  });
});
