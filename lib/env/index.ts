// Pure, no server-only fence: proxy.ts and the `npm start` check (scripts/check-env.ts) load the configuration too.
import { z } from 'zod';
import { parseAllowedOrigins } from './origins';

type EnvSource = Readonly<Record<string, string | undefined>>;

const DEV_SESSION_SECRET = 'mock-mode-dev-session-secret-not-for-production';

/** The built-in mock's own service account and website app (WECHAT-PROTOCOL §17). */
export const MOCK_APPS = {
  mp: { appId: 'wxmock0000000000001', appSecret: 'mock-app-secret' },
  open: { appId: 'wxmockopen00000001', appSecret: 'mock-open-app-secret' },
  wecom: { corpId: 'wwmockcorp00000001', agentId: '1000002', secret: 'mock-wecom-app-secret' },
} as const;

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);

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

const appId = optional(
  z
    .string()
    .regex(/^wx[0-9a-zA-Z]{8,32}$/, 'must look like wx…')
    .optional(),
);
const appSecret = optional(z.string().min(8, 'is too short').optional());
const longSecret = optional(z.string().min(32, 'must be at least 32 characters').optional());
const flag = (fallback: '0' | '1') => optional(z.enum(['0', '1']).default(fallback));

const schema = z.object({
  NODE_ENV: optional(z.enum(['development', 'production', 'test']).default('development')),
  WECHAT_APPID: appId,
  WECHAT_APPSECRET: appSecret,
  SESSION_SECRET: longSecret,
  APP_BASE_URL: optional(bareOrigin.optional()),
  WECHAT_OAUTH_BASE_URL: optional(httpUrl.default('https://open.weixin.qq.com')),
  WECHAT_API_BASE_URL: optional(httpUrl.default('https://api.weixin.qq.com')),
  WECHAT_SCOPE: optional(z.enum(['snsapi_base', 'snsapi_userinfo']).default('snsapi_userinfo')),
  WECHAT_LANG: optional(z.enum(['zh_CN', 'zh_TW', 'en']).default('zh_CN')),
  WECHAT_TIMEOUT_MS: optional(integerIn(100, 60_000).default(5000)),
  PROFILE_TTL_SECONDS: optional(integerIn(0, 30 * 24 * 3600).default(600)),
  WECHAT_MP_VERIFY: optional(
    z
      .string()
      .regex(/^[A-Za-z0-9]{1,64}$/, 'must be letters and digits')
      .optional(),
  ),
  WECHAT_MOCK: optional(z.enum(['0', '1']).optional()),
  REDIS_URL: optional(z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional()),
  WECHAT_JSSDK: flag('1'),
  WECHAT_FOLLOW_STATUS: flag('1'),
  WECHAT_FOLLOW_URL: optional(z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).optional()),
  WECHAT_AUTH_RELAY_URL: optional(bareOrigin.optional()),
  WECHAT_RELAY_SECRET: longSecret,
  WECHAT_RELAY_ALLOWED_ORIGINS: optional(originList.optional()),
  WECHAT_OPEN_APPID: appId,
  WECHAT_OPEN_APPSECRET: appSecret,
  // WECHAT-PROTOCOL §19.1: a corp ID may start with ww or wx; never branch on the prefix.
  WECOM_CORPID: optional(
    z
      .string()
      .regex(/^[0-9A-Za-z]{6,64}$/, 'must be letters and digits')
      .optional(),
  ),
  WECOM_AGENTID: optional(
    z
      .string()
      .regex(/^\d{1,12}$/, 'must be a whole number')
      .optional(),
  ),
  WECOM_SECRET: appSecret,
  WECOM_SCOPE: optional(z.enum(['snsapi_base', 'snsapi_privateinfo']).optional()),
  WECOM_API_BASE_URL: optional(httpUrl.default('https://qyapi.weixin.qq.com')),
  WECOM_LOGIN_BASE_URL: optional(httpUrl.default('https://login.work.weixin.qq.com')),
  // Set by Vercel on its builds and functions: its router, not the client, decides the Host header there.
  VERCEL: optional(z.string().optional()),
  MOCK_WECHAT_LATENCY_MS: optional(integerIn(0, 120_000).default(0)),
  MOCK_WECHAT_FAULT_RATE: optional(z.coerce.number().min(0).max(1).default(0)),
  MOCK_WECHAT_FAULTS: optional(
    z
      .string()
      .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, 'must be a comma-separated list')
      .transform((list) => list.split(','))
      .optional(),
  ),
});
type Raw = z.infer<typeof schema>;

function problemsOf(raw: Raw, mock: boolean): string[] {
  const problems: string[] = [];
  if (!mock && !raw.WECHAT_APPID) {
    // One line with the way out: the mock needs none of the other variables.
    problems.push(
      'WECHAT_APPID is not set: set WECHAT_APPID, WECHAT_APPSECRET and SESSION_SECRET for a real Official Account, or WECHAT_MOCK=1 for the built-in mock',
    );
  } else if (!mock) {
    if (!raw.WECHAT_APPSECRET) problems.push('WECHAT_APPSECRET is required when WECHAT_APPID is set');
    if (!raw.SESSION_SECRET)
      problems.push('SESSION_SECRET is required (at least 32 characters: openssl rand -base64 48)');
  }
  const relayUsed = raw.WECHAT_AUTH_RELAY_URL !== undefined || raw.WECHAT_RELAY_ALLOWED_ORIGINS !== undefined;
  if (relayUsed && !raw.WECHAT_RELAY_SECRET)
    problems.push(
      'WECHAT_RELAY_SECRET is required when WECHAT_AUTH_RELAY_URL or WECHAT_RELAY_ALLOWED_ORIGINS is set (at least 32 characters, the same on the relay and every deployment that uses it)',
    );
  // Every deployment that uses the relay holds this secret; the session key must stay with this deployment alone.
  else if (raw.WECHAT_RELAY_SECRET && raw.WECHAT_RELAY_SECRET === raw.SESSION_SECRET)
    problems.push('WECHAT_RELAY_SECRET must differ from SESSION_SECRET');
  // A relay link signs this deployment's origin. Off Vercel (whose router sets Host), a Host or X-Forwarded-Host
  // header could choose that origin, and the signature would vouch for a stranger's host.
  else if (raw.WECHAT_AUTH_RELAY_URL !== undefined && !raw.APP_BASE_URL && raw.VERCEL !== '1')
    problems.push(
      "APP_BASE_URL is required when WECHAT_AUTH_RELAY_URL is set outside Vercel (this deployment's own origin, which relay links name)",
    );
  if (!raw.WECHAT_OPEN_APPID !== !raw.WECHAT_OPEN_APPSECRET)
    problems.push('WECHAT_OPEN_APPID and WECHAT_OPEN_APPSECRET must be set together (or neither)');
  const wecomSet = [raw.WECOM_CORPID, raw.WECOM_AGENTID, raw.WECOM_SECRET].filter(Boolean).length;
  if (wecomSet > 0 && wecomSet < 3)
    problems.push('WECOM_CORPID, WECOM_AGENTID and WECOM_SECRET must be set together (or none)');
  return problems;
}

function toEnv(raw: Raw, mock: boolean) {
  const relaySecret = raw.WECHAT_RELAY_SECRET as string;
  const openApp =
    raw.WECHAT_OPEN_APPID && raw.WECHAT_OPEN_APPSECRET
      ? { appId: raw.WECHAT_OPEN_APPID, appSecret: raw.WECHAT_OPEN_APPSECRET }
      : null;
  const corp = mock
    ? MOCK_APPS.wecom
    : raw.WECOM_CORPID && raw.WECOM_AGENTID && raw.WECOM_SECRET
      ? { corpId: raw.WECOM_CORPID, agentId: raw.WECOM_AGENTID, secret: raw.WECOM_SECRET }
      : null;
  return {
    mode: mock ? ('mock' as const) : ('wechat' as const),
    development: raw.NODE_ENV === 'development',
    appId: mock ? MOCK_APPS.mp.appId : (raw.WECHAT_APPID as string),
    appSecret: mock ? MOCK_APPS.mp.appSecret : (raw.WECHAT_APPSECRET as string),
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
    followStatus: raw.WECHAT_FOLLOW_STATUS === '1',
    followUrl: raw.WECHAT_FOLLOW_URL ?? null,
    authRelay: raw.WECHAT_AUTH_RELAY_URL ? { url: raw.WECHAT_AUTH_RELAY_URL, secret: relaySecret } : null,
    relay: raw.WECHAT_RELAY_ALLOWED_ORIGINS
      ? { secret: relaySecret, allowedOrigins: raw.WECHAT_RELAY_ALLOWED_ORIGINS }
      : null,
    // In mock mode the mock's own website app, so `npm run dev` offers QR sign-in too.
    openApp: mock ? { ...MOCK_APPS.open } : openApp,
    // The mock's own corp asks for privateinfo unless told otherwise, so `npm run dev` shows the whole card.
    wecom: corp && {
      ...corp,
      scope: raw.WECOM_SCOPE ?? (mock ? ('snsapi_privateinfo' as const) : ('snsapi_base' as const)),
    },
    wecomApiBaseUrl: raw.WECOM_API_BASE_URL,
    wecomLoginBaseUrl: raw.WECOM_LOGIN_BASE_URL,
    mockWeChat: {
      latencyMs: raw.MOCK_WECHAT_LATENCY_MS,
      faultRate: raw.MOCK_WECHAT_FAULT_RATE,
      faults: raw.MOCK_WECHAT_FAULTS ?? [],
    },
  };
}

export type Env = ReturnType<typeof toEnv>;

function productionMockWarning(raw: Raw): string {
  const parts = ['WARNING: WECHAT_MOCK=1: the built-in mock WeChat is serving in production and every sign-in is fake'];
  if (raw.WECHAT_APPID || raw.WECHAT_APPSECRET) parts.push('WECHAT_APPID/WECHAT_APPSECRET are set but ignored');
  if (!raw.SESSION_SECRET)
    parts.push('SESSION_SECRET is unset, so cookies are sealed with the fixed, public dev secret');
  return parts.join('; ');
}

const MOCK_MODE_NOTE =
  'Mock mode: sign-ins go to the built-in mock WeChat (/mock-wechat), not to WeChat; for a real Official Account set WECHAT_APPID, WECHAT_APPSECRET and SESSION_SECRET';

export function parseEnv(
  source: EnvSource,
): { ok: true; env: Env; warnings: string[]; notes: string[] } | { ok: false; problems: string[] } {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`);
    return { ok: false, problems: [...new Set(problems)] };
  }
  const raw = parsed.data;
  const mock =
    raw.WECHAT_MOCK === '1' || (raw.WECHAT_MOCK !== '0' && !raw.WECHAT_APPID && raw.NODE_ENV !== 'production');
  const problems = problemsOf(raw, mock);
  if (problems.length > 0) return { ok: false, problems };
  const warnings = raw.NODE_ENV === 'production' && mock ? [productionMockWarning(raw)] : [];
  const notes = raw.NODE_ENV === 'development' && mock ? [MOCK_MODE_NOTE] : [];
  return { ok: true, env: toEnv(raw, mock), warnings, notes };
}

export function formatEnvProblems(problems: readonly string[]): string {
  return `Invalid configuration: ${problems.join('; ')}`;
}

type Config = { ok: true; env: Env } | { ok: false; problem: string };
type LogLine = readonly [string, 'error' | 'warn' | 'info'];

let loaded: { config: Config; lines: LogLine[] } | undefined;
// On globalThis: route bundles and the proxy each get their own copy of this module. Only the last report: `next dev`
// reloads a changed .env, and a configuration broken again the same way must be reported again.
const LOGGED = Symbol.for('wechat-oauth-next.config-logged');

function parseProcessEnv(): NonNullable<typeof loaded> {
  const result = parseEnv(process.env);
  if (!result.ok) {
    const problem = formatEnvProblems(result.problems);
    return { config: { ok: false, problem }, lines: [[problem, 'error']] };
  }
  const lines: LogLine[] = [
    ...result.warnings.map((line) => [line, 'warn'] as const),
    ...result.notes.map((line) => [line, 'info'] as const),
  ];
  return { config: result, lines };
}

/** The one reader of process.env; its problem, warnings or mode are logged once per configuration unless `report` is false. */
export function loadConfig({ report = true } = {}): Config {
  loaded ??= parseProcessEnv();
  const reported = globalThis as typeof globalThis & { [LOGGED]?: string };
  const text = loaded.lines.map(([line]) => line).join('\n');
  if (report && reported[LOGGED] !== text) {
    reported[LOGGED] = text;
    for (const [line, level] of loaded.lines) console[level](line);
  }
  return loaded.config;
}

/** A website app's or WeCom's state or session outlives a deployment whose credentials were removed. */
export function canActFor(env: Pick<Env, 'openApp' | 'wecom'>, app: 'mp' | 'open' | 'wecom'): boolean {
  return app === 'mp' || (app === 'open' ? env.openApp : env.wecom) !== null;
}

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

export function getEnv(): Env {
  const config = loadConfig();
  if (!config.ok) throw new ConfigurationError(config.problem);
  return config.env;
}

function firstHeaderValue(value: string | null): string | null {
  const first = value?.split(',')[0]?.trim();
  return first ? first : null;
}

/** APP_BASE_URL, else the Host / X-Forwarded-* headers: under `next start` nextUrl.origin ignores Host. */
export function resolveOrigin(request: Request, env: Pick<Env, 'appBaseUrl'>): string {
  if (env.appBaseUrl) return env.appBaseUrl;
  const url = new URL(request.url);
  const host = firstHeaderValue(request.headers.get('x-forwarded-host')) ?? request.headers.get('host') ?? url.host;
  const proto = firstHeaderValue(request.headers.get('x-forwarded-proto')) ?? url.protocol.replace(':', '');
  const safeHost = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(host) ? host : url.host;
  const safeProto = proto === 'https' ? 'https' : 'http';
  return `${safeProto}://${safeHost}`;
}
