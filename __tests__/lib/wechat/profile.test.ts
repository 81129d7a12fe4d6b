import { normalizeAvatarUrl, sexLabel, toFollowView, toProfileView } from '@/lib/wechat/profile';

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

describe('the 公众号 row (WECHAT-PROTOCOL §18)', () => {
  it.each([
    ['ADD_SCENE_SEARCH', '公众号搜索'],
    ['ADD_SCENE_ACCOUNT_MIGRATION', '公众号迁移'],
    ['ADD_SCENE_PROFILE_CARD', '名片分享'],
    ['ADD_SCENE_QR_CODE', '扫描二维码'],
    ['ADD_SCENE_PROFILE_LINK', '图文页内名称点击'],
    ['ADD_SCENE_PROFILE_ITEM', '图文页右上角菜单'],
    ['ADD_SCENE_PAID', '支付后关注'],
    ['ADD_SCENE_WECHAT_ADVERTISEMENT', '微信广告'],
    ['ADD_SCENE_REPRINT', '他人转载'],
    ['ADD_SCENE_LIVESTREAM', '视频号直播'],
    ['ADD_SCENE_CHANNELS', '视频号'],
    ['ADD_SCENE_OTHERS', '其他'],
    ['ADD_SCENE_NOT_YET_INVENTED', '其他'],
  ])('names the channel %s as %s', (scene, channel) => {
    expect(toFollowView({ subscribe: 1, subscribe_time: 1552613400, subscribe_scene: scene })).toEqual({
      following: true,
      since: '2019年3月15日',
      channel,
    });
  });

  it('dates the follow in Beijing time: 23:59 and 00:00 on either side of midnight there, whatever the server’s zone', () => {
    const at = (iso: string) => toFollowView({ subscribe: 1, subscribe_time: Date.parse(iso) / 1000 });
    expect(at('2022-08-08T15:59:59Z')).toMatchObject({ since: '2022年8月8日' });
    expect(at('2022-08-08T16:00:00Z')).toMatchObject({ since: '2022年8月9日' });
  });

  it('leaves out what WeChat did not send: no channel for an empty scene, no date without a time', () => {
    expect(toFollowView({ subscribe: 1, subscribe_scene: '' })).toEqual({
      following: true,
      since: null,
      channel: null,
    });
  });

  it('says only 未关注 for a user who does not follow', () => {
    expect(toFollowView({ subscribe: 0 })).toEqual({ following: false });
  });
});
