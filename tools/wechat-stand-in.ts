/**
 * WeChat's servers on loopback, answered by the same fake as the built-in mock: point WECHAT_OAUTH_BASE_URL and
 * WECHAT_API_BASE_URL at it to run a production build "with credentials" without reaching WeChat.
 *
 *   npx tsx tools/wechat-stand-in.ts --port 4100 --appid wx... --secret ... [--latency-ms 0] [--host 127.0.0.1]
 *
 * With --open-appid and --open-secret it serves a website app too (connect/qrconnect and its codes: QR sign-in).
 * With --corpid and --corpsecret (and --agentid) a WeCom corp too (WECOM_API_BASE_URL, WECOM_LOGIN_BASE_URL).
 * GET /__stats reports the calls made and the TCP connections accepted. For the bench,
 * POST /__codes?count=N&persona=full&scope=snsapi_userinfo issues N codes as the consent page would (JSON list),
 * and POST /__latency?ms=20 changes the delay of every sns/* answer.
 * `npm run dev:stand-in` runs `next dev` against it (scripts/dev-stand-in.sh).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createFakeWeChat } from '../mocks/wechat/fake-wechat';
import { findPersona } from '../mocks/wechat/personas';
import type { MockScope } from '../mocks/wechat/sns';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4100' },
    host: { type: 'string', default: '127.0.0.1' },
    appid: { type: 'string', default: 'wx1234567890standin' },
    secret: { type: 'string', default: 'stand-in-app-secret' },
    'latency-ms': { type: 'string', default: '0' },
    'open-appid': { type: 'string' },
    'open-secret': { type: 'string' },
    corpid: { type: 'string' },
    agentid: { type: 'string', default: '1000002' },
    corpsecret: { type: 'string' },
  },
});
const [openAppId, openSecret] = [values['open-appid'], values['open-secret']];
const fake = createFakeWeChat({
  appId: values.appid,
  appSecret: values.secret,
  websiteApp: openAppId && openSecret ? { appId: openAppId, appSecret: openSecret } : null,
  corp:
    values.corpid && values.corpsecret
      ? { corpId: values.corpid, agentId: values.agentid, secret: values.corpsecret }
      : null,
  faults: { latencyMs: Number(values['latency-ms']) },
});
// Below the fake's 20,000-entry code store, so that a pool cannot evict its own codes.
const MAX_CODES_PER_CALL = 15_000;
const SCOPES: readonly MockScope[] = ['snsapi_userinfo', 'snsapi_base'];
let connections = 0;

function control(url: URL): [number, unknown] {
  const q = url.searchParams;
  if (url.pathname === '/__codes') {
    const count = Number(q.get('count'));
    const persona = findPersona(q.get('persona') ?? 'full');
    const scope = SCOPES.find((s) => s === (q.get('scope') ?? 'snsapi_userinfo'));
    if (!Number.isInteger(count) || count < 1 || count > MAX_CODES_PER_CALL || !persona || !scope) {
      return [400, { error: `count 1..${MAX_CODES_PER_CALL}, a known persona and scope` }];
    }
    return [200, { codes: Array.from({ length: count }, () => fake.issueCode(persona.id, scope)) }];
  }
  const latencyMs = Number(q.get('ms'));
  if (!Number.isFinite(latencyMs) || latencyMs < 0) return [400, { error: 'ms ≥ 0' }];
  fake.configureFaults({ latencyMs });
  return [200, { latencyMs }];
}

async function toRequest(req: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  return new Request(`http://${values.host}:${values.port}${req.url ?? '/'}`, { method: req.method, headers, body });
}

// The mock's pages link the app's stylesheet and icon by path, and this is another origin than the app's.
const PUBLIC_FILES: Readonly<Record<string, string>> = {
  '/styles/app.css': 'text/css; charset=utf-8',
  '/icon.svg': 'image/svg+xml',
};
const PUBLIC_DIR = join(import.meta.dirname ?? __dirname, '..', 'public');

const server = createServer(async (req, res) => {
  const publicType = req.method === 'GET' ? PUBLIC_FILES[req.url ?? ''] : undefined;
  if (publicType)
    return res.writeHead(200, { 'content-type': publicType }).end(await readFile(join(PUBLIC_DIR, req.url ?? '')));
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const json = (status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.url === '/__stats') return json(200, { calls: fake.calls(), connections });
  if (req.method === 'POST' && ['/__codes', '/__latency'].includes(url.pathname)) return json(...control(url));
  const response = await fake.handle(await toRequest(req));
  res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
});
server.keepAliveTimeout = 60_000;
server.on('connection', () => connections++);
server.listen(Number(values.port), values.host, () => {
  console.log(`WeChat stand-in on http://${values.host}:${values.port} (appid ${values.appid})`);
});
