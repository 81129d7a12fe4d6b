import 'server-only';
import type { StoredMember } from '@/lib/session/session';
import type { UserInfo } from './schemas';

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
