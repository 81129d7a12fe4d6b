import { z } from 'zod';
import { parseAllowedOrigins, relayProblems, type OriginPattern } from './relay';

export type EnvSource = Readonly<Record<string, string | undefined>>;

const DEV_SESSION_SECRET = 'mock-mode-dev-session-secret-not-for-production';

const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);

const httpUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));

// Only a trailing slash is forgiven; anything else that is not exactly an origin would end up inside redirect_uri.
const BARE_ORIGIN =
  'must be a bare origin such as https://wx.example.com (lower case, no path, query, fragment or default port)';
const bareOrigin = z
  .url({ protocol: /^https?$/, error: BARE_ORIGIN })
  .transform((url) => url.replace(/\/$/, ''))
  .refine((url) => new URL(url).origin === url, { error: BARE_ORIGIN });

const originList = z.string().transform((list, ctx) => {
  const result = parseAllowedOrigins(list);
  if (result.ok) return result.patterns;
  ctx.addIssue({ code: 'custom', message: result.problem });
  return z.NEVER;
});

const integerIn = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

// The service account's and the website app's credentials have the same shape.
const appIdVariable = z.preprocess(
  emptyAsUnset,
  z
    .string()
    .regex(/^wx[0-9a-zA-Z]{8,32}$/, 'must look like wx…')
    .optional(),
);
const appSecretVariable = z.preprocess(emptyAsUnset, z.string().min(8, 'is too short').optional());

const rawSchema = z.object({
  NODE_ENV: z.preprocess(emptyAsUnset, z.enum(['development', 'production', 'test']).default('development')),
  WECHAT_APPID: appIdVariable,
  WECHAT_APPSECRET: appSecretVariable,
  SESSION_SECRET: z.preprocess(emptyAsUnset, z.string().min(32, 'must be at least 32 characters').optional()),
  APP_BASE_URL: z.preprocess(emptyAsUnset, bareOrigin.optional()),
  WECHAT_OAUTH_BASE_URL: z.preprocess(emptyAsUnset, httpUrl.default('https://open.weixin.qq.com')),
  WECHAT_API_BASE_URL: z.preprocess(emptyAsUnset, httpUrl.default('https://api.weixin.qq.com')),
  WECHAT_SCOPE: z.preprocess(emptyAsUnset, z.enum(['snsapi_base', 'snsapi_userinfo']).default('snsapi_userinfo')),
  WECHAT_LANG: z.preprocess(emptyAsUnset, z.enum(['zh_CN', 'zh_TW', 'en']).default('zh_CN')),
  WECHAT_TIMEOUT_MS: z.preprocess(emptyAsUnset, integerIn(100, 60_000).default(5000)),
  PROFILE_TTL_SECONDS: z.preprocess(emptyAsUnset, integerIn(0, 30 * 24 * 3600).default(600)),
  WECHAT_MP_VERIFY: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^[A-Za-z0-9]{1,64}$/, 'must be letters and digits')
      .optional(),
  ),
  WECHAT_MOCK: z.preprocess(emptyAsUnset, z.enum(['0', '1']).optional()),
  REDIS_URL: z.preprocess(
    emptyAsUnset,
    z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  ),
  WECHAT_JSSDK: z.preprocess(emptyAsUnset, z.enum(['0', '1']).default('1')),
  WECHAT_AUTH_RELAY_URL: z.preprocess(emptyAsUnset, bareOrigin.optional()),
  WECHAT_RELAY_SECRET: z.preprocess(emptyAsUnset, z.string().min(32, 'must be at least 32 characters').optional()),
  WECHAT_RELAY_ALLOWED_ORIGINS: z.preprocess(emptyAsUnset, originList.optional()),
  WECHAT_OPEN_APPID: appIdVariable,
  WECHAT_OPEN_APPSECRET: appSecretVariable,
  // Set by Vercel on its builds and functions: its router, not the client, decides the Host header there.
  VERCEL: z.preprocess(emptyAsUnset, z.string().optional()),
  MOCK_WECHAT_LATENCY_MS: z.preprocess(emptyAsUnset, integerIn(0, 120_000).default(0)),
  MOCK_WECHAT_FAULT_RATE: z.preprocess(emptyAsUnset, z.coerce.number().min(0).max(1).default(0)),
  MOCK_WECHAT_FAULTS: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, 'must be a comma-separated list')
      .transform((list) => list.split(','))
      .optional(),
  ),
});

export type Mode = 'wechat' | 'mock';

export interface Env {
  mode: Mode;
  production: boolean;
  appId: string;
  appSecret: string;
  sessionSecret: string;
  appBaseUrl: string | undefined;
  oauthBaseUrl: string;
  apiBaseUrl: string;
  scope: 'snsapi_base' | 'snsapi_userinfo';
  lang: 'zh_CN' | 'zh_TW' | 'en';
  timeoutMs: number;
  profileTtlSeconds: number;
  mpVerifyToken: string | undefined;
  /** REDIS_URL: the store every instance shares (account token, jsapi_ticket, their locks); null: in-process. */
  redisUrl: string | null;
  /** WECHAT_JSSDK: the profile page sets its share card in WeChat. */
  jssdk: boolean;
  /** WECHAT_AUTH_RELAY_URL: sign-ins go through that deployment's relay, with links signed with the relay secret. */
  authRelay: { url: string; secret: string } | null;
  /** WECHAT_RELAY_ALLOWED_ORIGINS: this deployment is a relay and forwards to these origins; null when it is off. */
  relay: { secret: string; allowedOrigins: readonly OriginPattern[] } | null;
  /**
   * WECHAT_OPEN_APPID/WECHAT_OPEN_APPSECRET: the Open Platform website app (网站应用) for QR sign-in in a desktop
   * browser; null when unset. In mock mode the mock's own website app, so `npm run dev` offers QR sign-in too.
   */
  openApp: { appId: string; appSecret: string } | null;
  /** Mock mode only: latency and random faults the mock WeChat injects (benchmarks and the soak test). */
  mockLatencyMs: number;
  mockFaultRate: number;
  mockFaultKinds: string[];
}

/** `warnings`: lines to print at start-up for a configuration that runs but should not be left as it is. */
export type EnvResult = { ok: true; env: Env; warnings: string[] } | { ok: false; problems: string[] };

/** The mock's own AppID/AppSecret, used whenever mock mode is on. */
export const MOCK_APP_ID = 'wxmock0000000000001';
export const MOCK_APP_SECRET = 'mock-app-secret';
/** The mock's own website app (WECHAT-PROTOCOL §17), used whenever mock mode is on. */
export const MOCK_OPEN_APP_ID = 'wxmockopen00000001';
export const MOCK_OPEN_APP_SECRET = 'mock-open-app-secret';

function resolveMode(raw: z.infer<typeof rawSchema>): Mode {
  if (raw.WECHAT_MOCK === '1') return 'mock';
  if (raw.WECHAT_MOCK === '0') return 'wechat';
  return !raw.WECHAT_APPID && raw.NODE_ENV !== 'production' ? 'mock' : 'wechat';
}

function openApp(mode: Mode, raw: z.infer<typeof rawSchema>): Env['openApp'] {
  if (mode === 'mock') return { appId: MOCK_OPEN_APP_ID, appSecret: MOCK_OPEN_APP_SECRET };
  if (!raw.WECHAT_OPEN_APPID || !raw.WECHAT_OPEN_APPSECRET) return null;
  return { appId: raw.WECHAT_OPEN_APPID, appSecret: raw.WECHAT_OPEN_APPSECRET };
}

/** Names variables only, never their values. */
function productionMockWarning(raw: z.infer<typeof rawSchema>): string {
  const parts = ['WARNING: WECHAT_MOCK=1: the built-in mock WeChat is serving in production and every sign-in is fake'];
  if (raw.WECHAT_APPID || raw.WECHAT_APPSECRET) parts.push('WECHAT_APPID/WECHAT_APPSECRET are set but ignored');
  if (!raw.SESSION_SECRET)
    parts.push('SESSION_SECRET is unset, so cookies are sealed with the fixed, public dev secret');
  return parts.join('; ');
}

/** Parses the contract's configuration table. Problems name variables only, never their values. */
export function parseEnv(source: EnvSource): EnvResult {
  const parsed = rawSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`);
    return { ok: false, problems: [...new Set(problems)] };
  }
  const raw = parsed.data;
  const mode = resolveMode(raw);
  const production = raw.NODE_ENV === 'production';
  const problems: string[] = [];
  if (mode === 'wechat' && !raw.WECHAT_APPID) {
    // One line with the way out: the mock needs none of the other variables.
    problems.push(
      'WECHAT_APPID is not set: set WECHAT_APPID, WECHAT_APPSECRET and SESSION_SECRET for a real Official Account, or WECHAT_MOCK=1 for the built-in mock',
    );
  } else if (mode === 'wechat') {
    if (!raw.WECHAT_APPSECRET) problems.push('WECHAT_APPSECRET is required when WECHAT_APPID is set');
    if (!raw.SESSION_SECRET)
      problems.push('SESSION_SECRET is required (at least 32 characters: openssl rand -base64 48)');
  }
  problems.push(...relayProblems(raw));
  if (!raw.WECHAT_OPEN_APPID !== !raw.WECHAT_OPEN_APPSECRET)
    problems.push('WECHAT_OPEN_APPID and WECHAT_OPEN_APPSECRET must be set together (or neither)');
  if (problems.length > 0) return { ok: false, problems };
  const relaySecret = raw.WECHAT_RELAY_SECRET as string;

  return {
    ok: true,
    warnings: production && mode === 'mock' ? [productionMockWarning(raw)] : [],
    env: {
      mode,
      production,
      appId: mode === 'mock' ? MOCK_APP_ID : (raw.WECHAT_APPID as string),
      appSecret: mode === 'mock' ? MOCK_APP_SECRET : (raw.WECHAT_APPSECRET as string),
      sessionSecret: raw.SESSION_SECRET ?? DEV_SESSION_SECRET,
      appBaseUrl: raw.APP_BASE_URL,
      oauthBaseUrl: raw.WECHAT_OAUTH_BASE_URL,
      apiBaseUrl: raw.WECHAT_API_BASE_URL,
      scope: raw.WECHAT_SCOPE,
      lang: raw.WECHAT_LANG,
      timeoutMs: raw.WECHAT_TIMEOUT_MS,
      profileTtlSeconds: raw.PROFILE_TTL_SECONDS,
      mpVerifyToken: raw.WECHAT_MP_VERIFY,
      redisUrl: raw.REDIS_URL ?? null,
      jssdk: raw.WECHAT_JSSDK === '1',
      authRelay: raw.WECHAT_AUTH_RELAY_URL ? { url: raw.WECHAT_AUTH_RELAY_URL, secret: relaySecret } : null,
      relay: raw.WECHAT_RELAY_ALLOWED_ORIGINS
        ? { secret: relaySecret, allowedOrigins: raw.WECHAT_RELAY_ALLOWED_ORIGINS }
        : null,
      openApp: openApp(mode, raw),
      mockLatencyMs: raw.MOCK_WECHAT_LATENCY_MS,
      mockFaultRate: raw.MOCK_WECHAT_FAULT_RATE,
      mockFaultKinds: raw.MOCK_WECHAT_FAULTS ?? [],
    },
  };
}

/** One line, whatever the number of problems: a log or a terminal shows it whole. */
export function formatEnvProblems(problems: readonly string[]): string {
  return `Invalid configuration: ${problems.join('; ')}`;
}

// Route bundles and the proxy get their own copies of lib/env, so "logged once per process" lives on globalThis.
const REPORTED = Symbol.for('wechat-oauth-next.env-reported');
type GlobalWithFlag = typeof globalThis & { [REPORTED]?: true };

/** Logs the configuration's problem line, or its warnings, the first time anything in this process asks. */
export function reportOnce(lines: readonly string[], log: (line: string) => void): void {
  const g = globalThis as GlobalWithFlag;
  if (g[REPORTED]) return;
  g[REPORTED] = true;
  for (const line of lines) log(line);
}

let problemLine: string | null | undefined;

/**
 * For proxy.ts, which must not import the server-only fence: the one-line problem with this process's
 * configuration (logged once), or null. Parsed once; the environment does not change while the server runs.
 */
export function configurationProblem(): string | null {
  if (problemLine === undefined) {
    const result = parseEnv(process.env);
    problemLine = result.ok ? null : formatEnvProblems(result.problems);
  }
  if (problemLine) reportOnce([problemLine], console.error);
  return problemLine;
}

/** For proxy.ts, which must not import the server-only fence. */
export function isDevelopment(): boolean {
  return process.env.NODE_ENV === 'development';
}
