import 'server-only';
import type { StoredMember } from '@/lib/session/session';
import type { Follower, UserInfo } from './schemas';

export const PLACEHOLDER = '未公开';

export type ProfileView = ReturnType<typeof toProfileView>;

// WECHAT-PROTOCOL §6: sex is 1/2/0 as a number or a string; 0 for everyone since 2021-10-20.
export function sexLabel(sex: number | string | undefined): string {
  const value = typeof sex === 'string' ? sex.trim() : sex;
  if (value === 1 || value === '1') return '男';
  if (value === 2 || value === '2') return '女';
  return '未知';
}

/** WECHAT-PROTOCOL §6.3: https on qlogo.cn or qpic.cn with a size segment, else null (the placeholder). */
export function normalizeAvatarUrl(raw: string, size: 0 | 46 | 64 | 96 | 132 = 132): string | null {
  if (!URL.canParse(raw.trim())) return null;
  const url = new URL(raw.trim());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!/(^|\.)(qlogo|qpic)\.cn$/.test(url.hostname)) return null;
  url.protocol = 'https:';
  url.pathname = url.pathname.replace(/\/(0|46|64|96|132)$/, `/${size}`);
  return url.toString();
}

// WECHAT-PROTOCOL §6: the one privilege code WeChat documents (「如微信沃卡用户为（chinaunicom）」).
const PRIVILEGE_MEANINGS: Readonly<Record<string, string>> = { chinaunicom: '微信沃卡用户（中国联通）' };

const textOrPlaceholder = (value: string): string => value.trim() || PLACEHOLDER;

export function toProfileView(info: UserInfo) {
  return {
    openid: info.openid,
    nickname: textOrPlaceholder(info.nickname),
    sexLabel: sexLabel(info.sex),
    province: textOrPlaceholder(info.province),
    city: textOrPlaceholder(info.city),
    country: textOrPlaceholder(info.country),
    avatarUrl: normalizeAvatarUrl(info.headimgurl),
    unionid: info.unionid ?? null,
    /** In words; a code WeChat has not documented is named as such, with the code itself. */
    privilege: info.privilege
      .map((code) => code.trim())
      .filter((code) => code !== '')
      .map((code) => PRIVILEGE_MEANINGS[code.toLowerCase()] ?? `未说明的特权（${code}）`),
  };
}

export type MemberView = ReturnType<typeof toMemberView>;

/** WECHAT-PROTOCOL §19.3: a WeCom member's card; the private rows only with snsapi_privateinfo's ticket. */
export function toMemberView(member: StoredMember) {
  const { detail } = member;
  return {
    // An app created since 2022-06-20 may get no name (docs/wecom.md): the account stands in.
    name: member.name.trim() || member.userid,
    userid: member.userid,
    position: textOrPlaceholder(member.position),
    private: detail && {
      avatarUrl: normalizeAvatarUrl(detail.avatar, 0),
      genderLabel: sexLabel(detail.gender),
      email: textOrPlaceholder(detail.email),
      mobile: textOrPlaceholder(detail.mobile),
    },
  };
}

// WECHAT-PROTOCOL §18: the channels WeChat names; a value it adds later is shown as 其他.
const SUBSCRIBE_SCENES: Readonly<Record<string, string>> = {
  ADD_SCENE_SEARCH: '公众号搜索',
  ADD_SCENE_ACCOUNT_MIGRATION: '公众号迁移',
  ADD_SCENE_PROFILE_CARD: '名片分享',
  ADD_SCENE_QR_CODE: '扫描二维码',
  ADD_SCENE_PROFILE_LINK: '图文页内名称点击',
  ADD_SCENE_PROFILE_ITEM: '图文页右上角菜单',
  ADD_SCENE_PAID: '支付后关注',
  ADD_SCENE_WECHAT_ADVERTISEMENT: '微信广告',
  ADD_SCENE_REPRINT: '他人转载',
  ADD_SCENE_LIVESTREAM: '视频号直播',
  ADD_SCENE_CHANNELS: '视频号',
  ADD_SCENE_OTHERS: '其他',
};

const BEIJING_DATE = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long' });

export type FollowView = { following: true; since: string | null; channel: string | null } | { following: false };

/** The 公众号 row: the date of the follow in Beijing time, and its channel in words when WeChat names one. */
export function toFollowView(follower: Follower): FollowView {
  if (follower.subscribe !== 1) return { following: false };
  const { subscribe_time: time, subscribe_scene: scene } = follower;
  return {
    following: true,
    since: time ? BEIJING_DATE.format(time * 1000) : null,
    channel: scene ? (SUBSCRIBE_SCENES[scene] ?? '其他') : null,
  };
}
