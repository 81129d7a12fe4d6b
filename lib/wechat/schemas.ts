import 'server-only';
import { z } from 'zod';

export const ScopeSchema = z.enum(['snsapi_base', 'snsapi_userinfo']);
export type Scope = z.infer<typeof ScopeSchema>;

/** The service account (`mp`), the Open Platform website app (`open`, §17) or a WeCom corp's app (`wecom`, §19). */
export const AppSchema = z.enum(['mp', 'open', 'wecom']);
export type App = z.infer<typeof AppSchema>;

// WECHAT-PROTOCOL §4: scope may list several scopes; unionid and is_snapshotuser are omitted when not applicable.
export const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1),
  openid: z.string().min(1),
  scope: z.string(),
  unionid: z.string().min(1).optional(),
  is_snapshotuser: z.number().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

// WECHAT-PROTOCOL §6: sex is documented as a number but seen as a string; empty fields since 2021-10-20.
export const UserInfoSchema = z.object({
  openid: z.string().min(1),
  nickname: z.string().default(''),
  sex: z.union([z.number(), z.string()]).optional(),
  province: z.string().default(''),
  city: z.string().default(''),
  country: z.string().default(''),
  headimgurl: z.string().default(''),
  privilege: z.array(z.string()).default([]),
  unionid: z.string().min(1).optional(),
  language: z.string().optional(),
});
export type UserInfo = z.infer<typeof UserInfoSchema>;

// WECHAT-PROTOCOL §18: only these three are read; nickname and avatar no longer come, and the rest is not shown.
export const FollowerSchema = z.object({
  subscribe: z.union([z.literal(0), z.literal(1)]),
  subscribe_time: z.number().int().positive().optional(),
  subscribe_scene: z.string().optional(),
});
export type Follower = z.infer<typeof FollowerSchema>;

// WECHAT-PROTOCOL §17: a website app's snsapi_login token reads sns/userinfo as a snsapi_userinfo one does.
export function scopesIncludeUserinfo(scope: string): boolean {
  return scope.split(',').some((s) => ['snsapi_userinfo', 'snsapi_login'].includes(s.trim()));
}
