import { http, HttpResponse, delay } from 'msw';
import type { setupServer } from 'msw/node';
import { GET as callback } from '@/app/auth/wechat/callback/route';
import { TEST_API_BASE } from './env';
import { request, startAuthorization } from './requests';

type SetupServerApi = ReturnType<typeof setupServer>;

export type Endpoint = 'sns/oauth2/access_token' | 'sns/oauth2/refresh_token' | 'sns/userinfo' | 'cgi-bin/user/info';

/** WeChat answers JSON as text/plain (WECHAT-PROTOCOL §9). */
export const plain = (body: string, status = 200): Response =>
  new HttpResponse(body, { status, headers: { 'content-type': 'text/plain' } });

/** A sns/userinfo answer of a post-2021 profile, `unionid` only when given (WECHAT-PROTOCOL §6). */
export const userInfoAnswer = (openid: string, unionid?: string): Response =>
  plain(
    JSON.stringify({
      openid,
      nickname: 'n',
      sex: 0,
      province: '',
      city: '',
      country: '',
      headimgurl: '',
      privilege: [],
      ...(unionid ? { unionid } : {}),
    }),
  );

/** Every way WeChat can fail that is not an errcode with a meaning of its own (contract: 502 row). */
export const GARBAGE_ANSWERS: ReadonlyArray<[string, () => Response]> = [
  ['busy (-1)', () => plain('{"errcode":-1,"errmsg":"system error, rid: 65a33cd8-023106e1-2dc7e2f6"}')],
  ['an HTTP 500', () => plain('Internal Server Error', 500)],
  [
    'an HTML page',
    () => new HttpResponse('<html><body>502 Bad Gateway</body></html>', { headers: { 'content-type': 'text/html' } }),
  ],
  ['malformed JSON', () => plain('{"access_token":"')],
  ['a body that fails the schema', () => plain('{"access_token":42,"openid":null}')],
  ['a dropped connection', () => HttpResponse.error()],
];

export function answerWith(
  server: SetupServerApi,
  endpoint: Endpoint,
  answer: () => Response | Promise<Response>,
): void {
  server.use(http.get(`${TEST_API_BASE}/${endpoint}`, () => answer()));
}

export function answerTooLate(server: SetupServerApi, endpoint: Endpoint, ms: number): void {
  server.use(
    http.get(`${TEST_API_BASE}/${endpoint}`, async () => {
      await delay(ms);
      return plain('{"errcode":-1,"errmsg":"too late"}');
    }),
  );
}

/** Counts calls per API path while a test runs. */
export function recordCalls(server: SetupServerApi): string[] {
  const calls: string[] = [];
  server.events.on('request:start', ({ request: r }) => calls.push(new URL(r.url).pathname.slice(1)));
  return calls;
}

/** A callback for a fresh authorization in this browser, with the given code. */
export async function callbackWithCode(code: string, query = 'returnTo=%2Fprofile'): Promise<Response> {
  const { state, stateCookie } = await startAuthorization(query);
  return callback(request(`/auth/wechat/callback?code=${code}&state=${state}`, { cookie: stateCookie }));
}
