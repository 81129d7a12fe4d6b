import { CALLBACK, authorizeRequest, newFake, validPairs } from './fake';

const errorPage = async (response: Response) => ({
  status: response.status,
  location: response.headers.get('location'),
  html: await response.text(),
});

describe('the mock authorize page', () => {
  it('redirects a snsapi_base request at once to redirect_uri with a fresh 32-character code and the state', async () => {
    const response = await newFake().handle(authorizeRequest(validPairs('snsapi_base', 'Abc123')));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(location.searchParams.get('state')).toBe('Abc123');
  });

  it('appends code and state to a redirect_uri that has its own query, before its fragment', async () => {
    const pairs = validPairs('snsapi_base');
    pairs[1] = ['redirect_uri', 'https://wx.example.test/cb?id=2#/page'];
    const response = await newFake().handle(authorizeRequest(pairs));
    expect(response.headers.get('location')).toMatch(
      /^https:\/\/wx\.example\.test\/cb\?id=2&code=[A-Za-z0-9]{32}&state=State123#\/page$/,
    );
  });

  it('shows the consent sheet for snsapi_userinfo and issues no code before the user answers', async () => {
    const fake = newFake();
    const response = await fake.handle(authorizeRequest(validPairs('snsapi_userinfo')));
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('微信网页授权示例');
    expect(html).toContain('获得你的公开信息（昵称、头像等）');
    expect(html).toMatch(/<button[^>]*value="deny"[^>]*>拒绝<\/button>/);
    expect(html).toMatch(/<button[^>]*value="allow"[^>]*>允许<\/button>/);
    for (const persona of ['full', 'post2021', 'snapshot', 'no-avatar', 'emoji'])
      expect(html).toContain(`name="persona" value="${persona}"`);
    for (const fault of ['busy', 'invalid-code', 'slow']) expect(html).toContain(`<option value="${fault}">`);
    expect(fake.size()).toBe(0);
  });

  it('does not care about the #wechat_redirect fragment, which the browser never sends', async () => {
    const fake = newFake();
    const withFragment = await fake.handle(authorizeRequest(validPairs('snsapi_base'), '#wechat_redirect'));
    const without = await fake.handle(authorizeRequest(validPairs('snsapi_base'), ''));
    expect([withFragment.status, without.status]).toEqual([302, 302]);
  });

  it('tolerates the extra parameters WeChat and its clients append after state', async () => {
    const pairs = [
      ...validPairs('snsapi_base'),
      ['forcePopup', 'true'],
      ['connect_redirect', '1'],
      ['uin', ''],
      ['key', ''],
    ] as const;
    expect((await newFake().handle(authorizeRequest(pairs))).status).toBe(302);
  });

  it.each([
    ['appid', 10012, 'appid不能为空'],
    ['redirect_uri', 10011, 'redirect_uri不能为空'],
    ['scope', 10010, 'scope不能为空'],
    ['state', 10013, 'state不能为空'],
  ])('answers a request without %s with WeChat error page %i', async (missing, errcode, text) => {
    const pairs = validPairs().filter(([key]) => key !== missing);
    const page = await errorPage(await newFake().handle(authorizeRequest(pairs)));
    expect(page).toMatchObject({ status: 200, location: null });
    expect(page.html).toContain(text);
    expect(page.html).toContain(`错误码:${errcode}`);
  });

  it('answers parameters out of order with 10005, as WeChat matches the link against a strict pattern', async () => {
    const [appid, redirect, responseType, scope, state] = validPairs();
    const page = await errorPage(
      await newFake().handle(authorizeRequest([appid!, redirect!, scope!, responseType!, state!])),
    );
    expect(page.location).toBeNull();
    expect(page.html).toContain('Scope 参数错误或没有 Scope 权限');
    expect(page.html).toContain('错误码:10005');
  });

  it('answers a response_type other than code with 10005', async () => {
    const pairs = validPairs().map(([k, v]) => [k, k === 'response_type' ? 'token' : v] as const);
    expect((await errorPage(await newFake().handle(authorizeRequest(pairs)))).html).toContain('错误码:10005');
  });

  it.each(['snsapi_login', 'snsapi_privateinfo', 'SNSAPI_BASE'])(
    'answers scope %s with 10005, no permission for that scope',
    async (scope) => {
      const page = await errorPage(await newFake().handle(authorizeRequest(validPairs(scope))));
      expect(page.location).toBeNull();
      expect(page.html).toContain('此公众号并没有这些scope的权限');
      expect(page.html).toContain('错误码:10005');
    },
  );

  it.each([
    ['a hyphen', 'abc-123'],
    ['an underscore', 'abc_123'],
    ['Chinese characters', '中文'],
    ['129 characters', 'a'.repeat(129)],
  ])('answers a state with %s with 10013, as state is 1-128 characters of a-zA-Z0-9', async (_, state) => {
    const page = await errorPage(await newFake().handle(authorizeRequest(validPairs('snsapi_base', state))));
    expect(page.location).toBeNull();
    expect(page.html).toContain('错误码:10013');
  });

  it('accepts a state of exactly 128 letters and digits', async () => {
    expect((await newFake().handle(authorizeRequest(validPairs('snsapi_base', 'a1'.repeat(64))))).status).toBe(302);
  });

  it('answers a redirect_uri outside the configured domains, or with another port, with 10003', async () => {
    const fake = newFake({ redirectHosts: ['wx.example.test'] });
    for (const uri of [
      'https://evil.example/auth/wechat/callback',
      'https://wx.example.test:8443/auth/wechat/callback',
      'not a url',
      'javascript:alert(1)',
    ]) {
      const pairs = validPairs('snsapi_base').map(([k, v]) => [k, k === 'redirect_uri' ? uri : v] as const);
      const page = await errorPage(await fake.handle(authorizeRequest(pairs)));
      expect({
        uri,
        location: page.location,
        has10003: page.html.includes('redirect_uri域名与后台配置不一致'),
      }).toEqual({ uri, location: null, has10003: true });
    }
    expect((await fake.handle(authorizeRequest(validPairs('snsapi_base')))).status).toBe(302);
  });

  it('answers an AppID that is not this account with 10016', async () => {
    const pairs = validPairs().map(([k, v]) => [k, k === 'appid' ? 'wx9999999999other' : v] as const);
    expect((await errorPage(await newFake().handle(authorizeRequest(pairs)))).html).toContain('错误码:10016');
  });

  it('escapes whatever it echoes into the consent form', async () => {
    const pairs = [...validPairs(), ['x', '"><script>alert(1)</script>']] as const;
    const html = await (await newFake().handle(authorizeRequest(pairs))).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&#34;&#62;&#60;script&#62;');
  });

  it('is mounted under a prefix without caring about the host', async () => {
    const url = `https://app.example.test/mock-wechat/connect/oauth2/authorize?${new URLSearchParams(validPairs('snsapi_base'))}`;
    const response = await newFake().handle(new Request(url), '/mock-wechat');
    expect(response.status).toBe(302);
  });
});
