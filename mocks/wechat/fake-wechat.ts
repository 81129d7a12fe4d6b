import { callbackUrl, checkAuthorizeParams, type AuthorizePage } from './authorize';
import { avatarSvg } from './avatar';
import {
  CGI_ENDPOINTS,
  createAccountState,
  followerInfo,
  getTicket,
  preverify,
  stableToken,
  type CgiEndpoint,
} from './cgi';
import { jweixinStandIn } from './jweixin';
import { renderConsentPage, renderContinuePage, renderQrConnectPage } from './consent-page';
import { DEFAULT_FAULT_CONFIG, faultResponse, isFault, pickRandomFault, type Fault, type FaultConfig } from './faults';
import { DEFAULT_PERSONA, findPersona, type PersonaId } from './personas';
import {
  checkToken,
  exchangeCode,
  refreshToken,
  takeCode,
  userInfo,
  type MockApp,
  type MockScope,
  type SnsState,
} from './sns';
import { ExpiringStore } from './store';
import { createFakeWeCom, WECOM_ENDPOINTS, type MockCorp, type WeComEndpoint } from './wecom';
import { delay, htmlResponse, newCode, redirectResponse } from './wire';

export interface FakeWeChatOptions {
  appId: string;
  appSecret: string;
  /** The Open Platform website app whose QR page (connect/qrconnect) and codes the fake serves too (§17). */
  websiteApp?: { appId: string; appSecret: string } | null;
  /** A WeCom corp whose authorize page, web login and cgi-bin calls the fake serves too (§19). */
  corp?: MockCorp | null;
  /**
   * Hosts (host[:port]) allowed in redirect_uri, or a function of the authorize request that names them (the
   * embedded mock allows only the app's own host, so it is no open redirect); null allows any.
   */
  redirectHosts?: readonly string[] | null | ((request: Request) => readonly string[]);
  /**
   * The origin the fake's pages are served from, when they carry the app's CSP (the embedded mock): the consent
   * sheet's answer for another origin is then a page that moves on, since `form-action 'self'` blocks that redirect.
   */
  pageOrigin?: (request: Request) => string;
  now?: () => number;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  maxEntries?: number;
  faults?: Partial<FaultConfig>;
}

export const SNS_ENDPOINTS = [
  'sns/oauth2/access_token',
  'sns/oauth2/refresh_token',
  'sns/userinfo',
  'sns/auth',
] as const;
export type SnsEndpoint = (typeof SNS_ENDPOINTS)[number];
export type CountedEndpoint = SnsEndpoint | CgiEndpoint | WeComEndpoint;
const WECHAT_ENDPOINTS: readonly CountedEndpoint[] = [...SNS_ENDPOINTS, ...CGI_ENDPOINTS];

export interface FakeWeChat {
  /** Answers one request as WeChat would; `prefix` is where the fake is mounted (e.g. '/mock-wechat'). */
  handle(request: Request, prefix?: string, signal?: AbortSignal): Promise<Response>;
  issueCode(persona?: PersonaId, scope?: MockScope, fault?: Fault | null, app?: MockApp): string;
  /** A code of the WeCom corp's, as its sheet would issue it (the fake has a corp). */
  issueWeComCode: NonNullable<ReturnType<typeof createFakeWeCom>>['issueCode'];
  calls(): Readonly<Record<CountedEndpoint, number>>;
  resetCalls(): void;
  configureFaults(config: Partial<FaultConfig>): void;
  size(): number;
}

const CODE_TTL_MS = 5 * 60 * 1000; // WECHAT-PROTOCOL §2: codes expire after 5 minutes
const WEBSITE_CODE_TTL_MS = 10 * 60 * 1000; // WECHAT-PROTOCOL §17: the website app's last 10

const FAULT_COOKIE = 'mock_wechat_fault';

/** The fault chosen on the sheet a minute ago at most, as the browser recalls it (see faultCookie). */
function recalledFault(request: Request): Fault | null {
  const pairs = (request.headers.get('cookie') ?? '').split(';').map((pair) => pair.trim().split('='));
  const value = pairs.find(([name]) => name === FAULT_COOKIE)?.[1];
  return isFault(value) ? value : null;
}

/** Scoped to the fake's two sign-in pages (under …/connect), so it never reaches the app; null clears it. */
function faultCookie(request: Request, fault: Fault | null): string {
  const path = new URL(request.url).pathname.replace(/\/(oauth2\/authorize|qrconnect)(\/confirm)?$/, '');
  return `${FAULT_COOKIE}=${fault ?? ''}; Path=${path}; Max-Age=${fault ? 60 : 0}; HttpOnly; SameSite=Lax`;
}

export function createFakeWeChat(options: FakeWeChatOptions): FakeWeChat {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 20_000;
  const hosts = options.redirectHosts ?? null;
  const allowedHosts = typeof hosts === 'function' ? hosts : () => hosts;
  let faults: FaultConfig = { ...DEFAULT_FAULT_CONFIG, ...options.faults };
  const state: SnsState = {
    appId: options.appId,
    appSecret: options.appSecret,
    websiteApp: options.websiteApp ?? null,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 7200,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 30 * 24 * 3600,
    codes: new ExpiringStore(now, maxEntries),
    usedCodes: new ExpiringStore(now, maxEntries),
    accessTokens: new ExpiringStore(now, maxEntries),
    refreshTokens: new ExpiringStore(now, maxEntries),
  };
  // A corp's calls are counted only by a fake that has one.
  const counted = options.corp ? [...WECHAT_ENDPOINTS, ...WECOM_ENDPOINTS] : WECHAT_ENDPOINTS;
  const counts = Object.fromEntries(counted.map((e) => [e, 0])) as Record<CountedEndpoint, number>;
  const account = createAccountState(options.appId, options.appSecret, now);
  const onward = (request: Request, url: string) =>
    options.pageOrigin && new URL(url).origin !== options.pageOrigin(request)
      ? htmlResponse(renderContinuePage(url))
      : redirectResponse(url, 303);
  const weCom = options.corp && createFakeWeCom({ corp: options.corp, now, maxEntries, allowedHosts, onward });

  function issueCode(
    personaId: PersonaId = DEFAULT_PERSONA,
    scope: MockScope = 'snsapi_userinfo',
    fault: Fault | null = null,
    app: MockApp = 'mp',
  ): string {
    const persona = findPersona(personaId) ?? findPersona(DEFAULT_PERSONA)!;
    const code = newCode();
    state.codes.set(code, { persona, scope, fault, app }, app === 'open' ? WEBSITE_CODE_TTL_MS : CODE_TTL_MS);
    return code;
  }

  /** The page's own checks: the QR page knows the website app only, and only when the fake has one. */
  function check(request: Request, params: URLSearchParams, page: AuthorizePage) {
    const appId = page === 'qrconnect' ? (state.websiteApp?.appId ?? '') : state.appId;
    return checkAuthorizeParams(params, appId, allowedHosts(request), page);
  }

  /** The website app's QR page (WECHAT-PROTOCOL §17): a QR-like panel the developer "scans" with a button. */
  function qrconnect(request: Request, params: URLSearchParams): Response {
    const checked = check(request, params, 'qrconnect');
    return checked.ok
      ? withFaultNotice(request, (noticed) => renderQrConnectPage(params, noticed))
      : htmlResponse(checked.page);
  }

  /** A sign-in page that says what the fault chosen on the previous one did, once (see faultCookie). */
  function withFaultNotice(request: Request, render: (noticed: Fault | null) => string): Response {
    const noticed = recalledFault(request);
    const page = htmlResponse(render(noticed));
    if (noticed) page.headers.append('set-cookie', faultCookie(request, null));
    return page;
  }

  function authorize(request: Request, params: URLSearchParams): Response {
    const checked = check(request, params, 'authorize');
    if (!checked.ok) return htmlResponse(checked.page);
    const { scope, redirectUri, state: oauthState } = checked.request;
    if (scope === 'snsapi_userinfo') return withFaultNotice(request, (noticed) => renderConsentPage(params, noticed));
    const code = issueCode(DEFAULT_PERSONA, 'snsapi_base');
    return redirectResponse(callbackUrl(redirectUri, { code, state: oauthState }), 302);
  }

  async function confirm(request: Request, page: AuthorizePage): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    const decision = form.get('decision');
    const persona = form.get('persona');
    const fault = form.get('fault');
    const params = new URLSearchParams([...form].filter(([key]) => !['decision', 'persona', 'fault'].includes(key)));
    const checked = check(request, params, page);
    if (!checked.ok) return htmlResponse(checked.page);
    const { redirectUri, scope, state: oauthState } = checked.request;
    // WECHAT-PROTOCOL §2: the documented refusal (state, no code); today's WeChat may instead stay on the sheet.
    if (decision !== 'allow') return onward(request, callbackUrl(redirectUri, { state: oauthState }));
    const chosen = isFault(fault) ? fault : null;
    const app = page === 'qrconnect' ? 'open' : 'mp';
    const code = issueCode(findPersona(persona)?.id ?? DEFAULT_PERSONA, scope, chosen, app);
    const answer = onward(request, callbackUrl(redirectUri, { code, state: oauthState }));
    // The app restarts the sign-in silently after 40029, which lands back on this page: remember to say why.
    if (chosen === 'invalid-code') answer.headers.append('set-cookie', faultCookie(request, chosen));
    return answer;
  }

  async function sns(endpoint: SnsEndpoint, q: URLSearchParams, signal: AbortSignal | undefined): Promise<Response> {
    counts[endpoint]++;
    await delay(faults.latencyMs, signal);
    // WECHAT-PROTOCOL §4: the code is consumed even when WeChat then fails, so take it before any fault.
    const grant = endpoint === 'sns/oauth2/access_token' ? takeCode(state, q) : null;
    if (grant instanceof Response) return grant;
    const randomFault = pickRandomFault(faults);
    const fault = grant?.fault ?? (randomFault === 'invalid-code' && !grant ? null : randomFault);
    if (fault) {
      const answer = await faultResponse(fault, faults, signal);
      if (answer) return answer;
    }
    switch (endpoint) {
      case 'sns/oauth2/access_token':
        return exchangeCode(state, grant!);
      case 'sns/oauth2/refresh_token':
        return refreshToken(state, q);
      case 'sns/userinfo':
        return userInfo(state, q);
      case 'sns/auth':
        return checkToken(state, q);
    }
  }

  async function cgi(endpoint: CgiEndpoint, request: Request, signal: AbortSignal | undefined): Promise<Response> {
    counts[endpoint]++;
    await delay(faults.latencyMs, signal);
    if (endpoint === 'cgi-bin/stable_token') return stableToken(account, await request.text(), faults.account);
    const q = new URL(request.url).searchParams;
    if (endpoint === 'cgi-bin/ticket/getticket') return getTicket(account, q, faults.account);
    if (faults.account.includes('follow-slow')) await delay(faults.slowMs, signal);
    return followerInfo(account, q, faults.account);
  }

  async function handle(
    request: Request,
    prefix = '',
    signal: AbortSignal | undefined = request.signal,
  ): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    const route = path.replace(/^\/+/, '');
    if (weCom?.isWeCom(route)) {
      counts[route]++;
      await delay(faults.latencyMs, signal);
      return weCom.cgi(route, request);
    }
    const weComPage = weCom && (await weCom.page(request, route));
    if (weComPage) return weComPage;
    if (request.method === 'GET' && route === 'connect/oauth2/authorize') return authorize(request, url.searchParams);
    if (request.method === 'POST' && route === 'connect/oauth2/authorize/confirm') return confirm(request, 'authorize');
    if (request.method === 'GET' && route === 'connect/qrconnect') return qrconnect(request, url.searchParams);
    if (request.method === 'POST' && route === 'connect/qrconnect/confirm') return confirm(request, 'qrconnect');
    if (request.method === 'GET' && route.startsWith('qlogo/')) return avatarSvg(route);
    if (request.method === 'GET' && route === '__stats')
      return Response.json({ calls: { ...counts }, entries: size() });
    if (request.method === 'POST' && route === 'cgi-bin/stable_token') return cgi(route, request, signal);
    if (request.method === 'GET' && (route === 'cgi-bin/ticket/getticket' || route === 'cgi-bin/user/info'))
      return cgi(route, request, signal);
    if (request.method === 'GET' && route === 'open/js/jweixin-1.6.0.js') return jweixinStandIn(prefix);
    if (request.method === 'POST' && route === 'jssdk/preverify') return preverify(account, await request.text());
    if (request.method === 'GET' && (SNS_ENDPOINTS as readonly string[]).includes(route)) {
      return sns(route as SnsEndpoint, url.searchParams, signal);
    }
    return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } });
  }

  function size(): number {
    const entries = state.codes.size + state.usedCodes.size + state.accessTokens.size + state.refreshTokens.size;
    return entries + (weCom?.size() ?? 0);
  }

  return {
    handle,
    issueCode,
    issueWeComCode: (...args) => {
      if (!weCom) throw new Error('this fake has no WeCom corp');
      return weCom.issueCode(...args);
    },
    calls: () => ({ ...counts }),
    resetCalls: () => counted.forEach((e) => (counts[e] = 0)),
    configureFaults: (config) => (faults = { ...faults, ...config }),
    size,
  };
}
