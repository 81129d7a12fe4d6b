import { callbackUrl } from './authorize';
import { renderAuthorizeErrorPage, renderWeComPage } from './consent-page';
import { ExpiringStore } from './store';
import { WECOM_FAULTS, type WeComFault } from './faults';
import { WECOM_PERSONAS, type WeComPersona } from './personas';
import { htmlResponse, newCode, newToken, randomString, wechatJson } from './wire';

/** The mock's WeCom corp and its self-built app (WECHAT-PROTOCOL §19). */
export interface MockCorp {
  corpId: string;
  agentId: string;
  secret: string;
}

export const WECOM_ENDPOINTS = [
  'cgi-bin/gettoken',
  'cgi-bin/auth/getuserinfo',
  'cgi-bin/auth/getuserdetail',
  'cgi-bin/user/get',
] as const;
export type WeComEndpoint = (typeof WECOM_ENDPOINTS)[number];

// WECHAT-PROTOCOL §19.2: WeCom's own words; 60020's names the caller's IP.
const ERRMSG: Readonly<Record<number, string>> = {
  40001: 'invalid credential',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  42001: 'access_token expired',
  60011: 'no privilege to access/modify contact/party/agent',
  60020:
    'not allow to access from your ip, hint: [1700000000_00_mock], from ip: 203.0.113.7, more info at https://open.work.weixin.qq.com/devtool/query?e=60020',
};
const weComError = (errcode: number) => wechatJson({ errcode, errmsg: ERRMSG[errcode] ?? 'error' });
const ok = (body: Record<string, unknown>) => wechatJson({ errcode: 0, errmsg: 'ok', ...body });

const CODE_TTL_MS = 5 * 60 * 1000; // WECHAT-PROTOCOL §19.1: a code works once, for 5 minutes
const TICKET_TTL_MS = 1800 * 1000;
const TOKEN_TTL_MS = 7200 * 1000;

interface Grant {
  persona: WeComPersona;
  privateinfo: boolean;
  fault: WeComFault | null;
}

export interface FakeWeComOptions {
  corp: MockCorp;
  now: () => number;
  maxEntries: number;
  allowedHosts: (request: Request) => readonly string[] | null;
  /** The answer that sends the browser on to redirect_uri (a redirect, or a page for another origin). */
  onward: (request: Request, url: string) => Response;
}

/** WeCom's authorize page, web login and cgi-bin calls; null for anything that is not WeCom's. */
export function createFakeWeCom({ corp, now, maxEntries, allowedHosts, onward }: FakeWeComOptions) {
  const codes = new ExpiringStore<Grant>(now, maxEntries);
  const tickets = new ExpiringStore<WeComPersona>(now, maxEntries);
  const tokens = new ExpiringStore<true>(now, 1000);

  function issueCode(id: WeComPersona['id'] = 'member', privateinfo = false, fault: WeComFault | null = null) {
    const persona = WECOM_PERSONAS.find((p) => p.id === id) ?? (WECOM_PERSONAS[0] as WeComPersona);
    const code = newCode();
    codes.set(code, { persona, privateinfo, fault }, CODE_TTL_MS);
    return code;
  }

  /** §19.1 and §19.4: the corp's parameters in WeCom's order, agentid included, redirect_uri on the trusted host. */
  function check(request: Request, params: URLSearchParams, order: readonly string[]): string | null {
    if ([...params.keys()].slice(0, order.length).join() !== order.join()) return '参数错误';
    if (params.get('appid') !== corp.corpId) return '无效的corpid';
    if (params.get('agentid') !== corp.agentId) return '无效的agentid参数';
    if (!/^[A-Za-z0-9]{1,128}$/.test(params.get('state') ?? '')) return 'state参数错误';
    const redirect = URL.canParse(params.get('redirect_uri') ?? '') ? new URL(params.get('redirect_uri')!) : null;
    const hosts = allowedHosts(request);
    if (!redirect || (hosts !== null && !hosts.includes(redirect.host))) return 'redirect_uri需使用应用可信域名';
    return null;
  }
  const AUTHORIZE_ORDER = ['appid', 'redirect_uri', 'response_type', 'scope', 'state', 'agentid'];
  const LOGIN_ORDER = ['login_type', 'appid', 'agentid', 'redirect_uri', 'state'];

  function sheet(request: Request, params: URLSearchParams, page: 'authorize' | 'login'): Response {
    const scope = params.get('scope');
    const problem =
      check(request, params, page === 'authorize' ? AUTHORIZE_ORDER : LOGIN_ORDER) ??
      (page === 'authorize' && scope !== 'snsapi_base' && scope !== 'snsapi_privateinfo' ? 'scope参数错误' : null);
    if (problem) return htmlResponse(renderAuthorizeErrorPage(50001, problem));
    return htmlResponse(renderWeComPage(params, page));
  }

  async function confirm(request: Request, page: 'authorize' | 'login'): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    const params = new URLSearchParams([...form].filter(([key]) => !['decision', 'persona', 'fault'].includes(key)));
    const problem = check(request, params, page === 'authorize' ? AUTHORIZE_ORDER : LOGIN_ORDER);
    if (problem) return htmlResponse(renderAuthorizeErrorPage(50001, problem));
    const state = params.get('state') ?? '';
    const redirectUri = params.get('redirect_uri') ?? '';
    if (form.get('decision') !== 'allow') return onward(request, callbackUrl(redirectUri, { state }));
    const fault = WECOM_FAULTS.find((f) => f === form.get('fault')) ?? null;
    const persona = WECOM_PERSONAS.find((p) => p.id === form.get('persona'))?.id;
    // §19.4: the web login has no scope and yields the userid only.
    const code = issueCode(persona, params.get('scope') === 'snsapi_privateinfo', fault);
    return onward(request, callbackUrl(redirectUri, { code, state }));
  }

  const tokenProblem = (q: URLSearchParams) => {
    const known = tokens.get(q.get('access_token') ?? '');
    return known === 'expired' ? weComError(42001) : known === undefined ? weComError(40014) : null;
  };

  async function cgi(endpoint: WeComEndpoint, request: Request): Promise<Response> {
    const q = new URL(request.url).searchParams;
    if (endpoint === 'cgi-bin/gettoken') {
      if (q.get('corpid') !== corp.corpId) return weComError(40013);
      if (q.get('corpsecret') !== corp.secret) return weComError(40001);
      const token = newToken();
      tokens.set(token, true, TOKEN_TTL_MS);
      return ok({ access_token: token, expires_in: 7200 });
    }
    const dead = tokenProblem(q);
    if (dead) return dead;
    if (endpoint === 'cgi-bin/auth/getuserinfo') {
      const code = q.get('code') ?? '';
      const grant = codes.get(code);
      codes.delete(code);
      if (!grant || grant === 'expired' || grant.fault === 'wecom-code-used') return weComError(40029);
      // §19.2: the trusted-IP check is reported on the code → userid call too.
      if (grant.fault === 'wecom-ip-denied') return weComError(60020);
      const { persona } = grant;
      if (!persona.userid) return ok({ openid: persona.openid });
      if (!grant.privateinfo) return ok({ userid: persona.userid });
      const ticket = randomString(64);
      tickets.set(ticket, persona, TICKET_TTL_MS);
      return ok({ userid: persona.userid, user_ticket: ticket, expires_in: 1800 });
    }
    if (endpoint === 'cgi-bin/auth/getuserdetail') {
      const body = (await request.json().catch(() => ({}))) as { user_ticket?: unknown };
      const persona = tickets.get(String(body.user_ticket ?? ''));
      if (!persona || persona === 'expired') return weComError(40029);
      return ok({ userid: persona.userid, ...persona.detail });
    }
    const persona = WECOM_PERSONAS.find((p) => p.userid && p.userid === q.get('userid'));
    if (!persona) return weComError(60011);
    return ok({ userid: persona.userid, name: persona.name, department: [1], position: persona.position, status: 1 });
  }

  return {
    issueCode,
    isWeCom: (endpoint: string): endpoint is WeComEndpoint => (WECOM_ENDPOINTS as readonly string[]).includes(endpoint),
    cgi,
    async page(request: Request, route: string): Promise<Response | null> {
      const url = new URL(request.url);
      if (request.method === 'GET' && route === 'wwlogin/sso/login') return sheet(request, url.searchParams, 'login');
      if (request.method === 'POST' && route === 'wwlogin/sso/login/confirm') return confirm(request, 'login');
      if (route === 'connect/oauth2/authorize' && url.searchParams.get('appid') === corp.corpId)
        return sheet(request, url.searchParams, 'authorize');
      if (request.method === 'POST' && route === 'connect/oauth2/authorize/confirm') {
        const form = new URLSearchParams(await request.clone().text());
        if (form.get('appid') === corp.corpId) return confirm(request, 'authorize');
      }
      return null;
    },
    size: () => codes.size + tickets.size + tokens.size,
  };
}
export type FakeWeCom = ReturnType<typeof createFakeWeCom>;
