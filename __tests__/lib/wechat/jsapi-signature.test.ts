import { signJsapi } from '@/lib/wechat/jssdk';

describe('the wx.config signature (WECHAT-PROTOCOL §15.3)', () => {
  it('matches the published test vector', () => {
    const signature = signJsapi({
      ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
      nonceStr: 'Wm3WZYTPz0wzccnW',
      timestamp: 1414587457,
      url: 'http://mp.weixin.qq.com?params=value',
    });
    expect(signature).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it('signs the url exactly as given: an escaped and an unescaped query sign differently', () => {
    const base = { ticket: 't', nonceStr: 'n', timestamp: 1 };
    expect(signJsapi({ ...base, url: 'https://a.test/p?q=%E4%B8%AD' })).not.toBe(
      signJsapi({ ...base, url: 'https://a.test/p?q=中' }),
    );
  });
});
