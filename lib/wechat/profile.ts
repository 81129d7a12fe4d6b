import 'server-only';
import type { UserInfo } from './schemas';

export const PLACEHOLDER = '未公开';
export const SEX_UNKNOWN = '未知';

export interface ProfileView {
  openid: string;
  nickname: string;
  sexLabel: string;
  province: string;
  city: string;
  country: string;
  avatarUrl: string | null;
  unionid: string | null;
  privilege: string[];
}

const AVATAR_HOSTS = /(^|\.)qlogo\.cn$|(^|\.)qpic\.cn$/;

// WECHAT-PROTOCOL §6: sex is 1/2/0 as a number or a string; 0 for everyone since 2021-10-20.
export function sexLabel(sex: number | string | undefined): string {
  const value = typeof sex === 'string' ? sex.trim() : sex;
  if (value === 1 || value === '1') return '男';
  if (value === 2 || value === '2') return '女';
  return SEX_UNKNOWN;
}

/**
 * WeChat avatars come as http:// or https:// on qlogo.cn, ending in a size segment (WECHAT-PROTOCOL §6.3).
 * Anything else (empty, another scheme, another host) becomes null so the page shows a placeholder.
 */
export function normalizeAvatarUrl(raw: string, size: 0 | 46 | 64 | 96 | 132 = 132): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!AVATAR_HOSTS.test(url.hostname)) return null;
  url.protocol = 'https:';
  url.pathname = url.pathname.replace(/\/(0|46|64|96|132)$/, `/${size}`);
  return url.toString();
}

/** What WeChat's privilege codes mean; WeChat documents one (WECHAT-PROTOCOL §6: 「如微信沃卡用户为（chinaunicom）」). */
const PRIVILEGE_MEANINGS: Readonly<Record<string, string>> = {
  chinaunicom: '微信沃卡用户（中国联通）',
};

/** A privilege code in words; a code WeChat has not documented is named as such, with the code itself. */
export function describePrivilege(code: string): string {
  return PRIVILEGE_MEANINGS[code.trim().toLowerCase()] ?? `未说明的特权（${code.trim()}）`;
}

function textOrPlaceholder(value: string): string {
  const trimmed = value.trim();
  return trimmed === '' ? PLACEHOLDER : trimmed;
}

export function toProfileView(info: UserInfo): ProfileView {
  return {
    openid: info.openid,
    nickname: textOrPlaceholder(info.nickname),
    sexLabel: sexLabel(info.sex),
    province: textOrPlaceholder(info.province),
    city: textOrPlaceholder(info.city),
    country: textOrPlaceholder(info.country),
    avatarUrl: normalizeAvatarUrl(info.headimgurl),
    unionid: info.unionid ?? null,
    privilege: info.privilege.filter((p) => p.trim() !== ''),
  };
}
