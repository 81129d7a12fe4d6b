import { z } from 'zod';
import { ScopeSchema } from '@/lib/wechat/schemas';

export const StoredProfileSchema = z.object({
  nickname: z.string(),
  sex: z.union([z.number(), z.string()]).optional(),
  province: z.string(),
  city: z.string(),
  country: z.string(),
  headimgurl: z.string(),
  privilege: z.array(z.string()),
});
export type StoredProfile = z.infer<typeof StoredProfileSchema>;

export const SessionSchema = z.object({
  openid: z.string().min(1),
  unionid: z.string().optional(),
  scope: ScopeSchema,
  snapshot: z.boolean(),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** Unix seconds. */
  accessTokenExpiresAt: z.number(),
  profile: StoredProfileSchema.nullable(),
  /** Unix seconds; when the profile was last fetched from WeChat. */
  fetchedAt: z.number(),
});
export type Session = z.infer<typeof SessionSchema>;

export const StateSchema = z.object({
  state: z.string().regex(/^[A-Za-z0-9]{32}$/),
  returnTo: z.string(),
  scope: ScopeSchema,
  /** Set when this authorization is the one silent restart after 40029/40163; never restart twice. */
  restarted: z.boolean(),
});
export type StatePayload = z.infer<typeof StateSchema>;
