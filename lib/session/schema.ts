import 'server-only';
import { z } from 'zod';
import { AppSchema, ScopeSchema } from '@/lib/wechat/schemas';

/** Automatic sign-ins and renewals in the current chain of redirects (lib/auth/hops.ts), and when it last moved. */
export const ChainSchema = z.object({ hop: z.number().int().min(0), at: z.number() });
export type Chain = z.infer<typeof ChainSchema>;

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
  /** The app the user signed in through; its openid, tokens and credentials belong together. Older sessions: mp. */
  app: AppSchema.default('mp'),
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
  // Sessions sealed before chains existed start a fresh one.
  chain: ChainSchema.default({ hop: 0, at: 0 }),
});
export type Session = z.infer<typeof SessionSchema>;

export const StateSchema = z.object({
  state: z.string().regex(/^[A-Za-z0-9]{32}$/),
  returnTo: z.string(),
  /** Which app started the sign-in: the one callback exchanges the code with that app's credentials. */
  app: AppSchema.default('mp'),
  scope: ScopeSchema,
  /** How many automatic sign-ins and renewals led here (0: the user's own tap); bounds every chain of redirects. */
  hop: z.number().int().min(0),
});
export type StatePayload = z.infer<typeof StateSchema>;
