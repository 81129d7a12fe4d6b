import { normalizeAvatarUrl, sexLabel, toProfileView } from '@/lib/wechat/profile';

describe('profile view', () => {
  it.each([
    [1, '男'],
    ['1', '男'],
    [2, '女'],
    ['2', '女'],
    [0, '未知'],
    ['0', '未知'],
    ['', '未知'],
    [undefined, '未知'],
    [7, '未知'],
  ])('labels sex %p as %s', (sex, label) => {
    expect(sexLabel(sex as number | string | undefined)).toBe(label);
  });

  it('shows an http WeChat avatar over https', () => {
    expect(normalizeAvatarUrl('http://thirdwx.qlogo.cn/mmopen/vi_32/abc/132')).toBe(
      'https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132',
    );
  });

  it('asks for the 132 px avatar instead of the 640 px original', () => {
    expect(normalizeAvatarUrl('https://wx.qlogo.cn/mmopen/abc/0')).toBe('https://wx.qlogo.cn/mmopen/abc/132');
  });

  it.each(['', 'javascript:alert(1)', 'data:image/png;base64,AAAA', 'https://evil.example/a.png', 'not a url'])(
    'replaces the unusable avatar %p with a placeholder',
    (raw) => {
      expect(normalizeAvatarUrl(raw)).toBeNull();
    },
  );

  it('puts placeholders in empty fields and keeps unionid and privilege, in words', () => {
    const view = toProfileView({
      openid: 'o1',
      nickname: ' ',
      sex: 0,
      province: '',
      city: '',
      country: '',
      headimgurl: '',
      privilege: ['chinaunicom', ''],
      unionid: 'u1',
    });
    expect(view).toEqual({
      openid: 'o1',
      nickname: '未公开',
      sexLabel: '未知',
      province: '未公开',
      city: '未公开',
      country: '未公开',
      avatarUrl: null,
      unionid: 'u1',
      privilege: ['微信沃卡用户（中国联通）'],
    });
  });
});
