/**
 * A stand-in for WeChat's servers on loopback, answered by the same fake as the built-in mock.
 * Point WECHAT_OAUTH_BASE_URL and WECHAT_API_BASE_URL at it to run a production build "with credentials"
 * without reaching WeChat. GET /__stats reports sns/* calls and TCP connections accepted. For the bench,
 * POST /__codes?count=N&persona=full&scope=snsapi_userinfo issues N codes as the consent page would (JSON list),
 * and POST /__latency?ms=20 changes the delay of every sns/* answer.
 *
 *   npx tsx tools/wechat-stand-in.ts --port 4100 --appid wx... --secret ...
 *
 * With --open-appid and --open-secret it serves a website app too: connect/qrconnect and its codes (QR sign-in).
 */
import { createServer, type IncomingMessage } from 'node:http';
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
  },
});
const openAppId = values['open-appid'];
const openSecret = values['open-secret'];

const fake = createFakeWeChat({
  appId: values.appid,
  appSecret: values.secret,
  websiteApp: openAppId && openSecret ? { appId: openAppId, appSecret: openSecret } : null,
  faults: { latencyMs: Number(values['latency-ms']) },
});
let connections = 0;

// Below the fake's 20,000-entry code store, so a pool cannot evict its own codes.
const MAX_CODES_PER_CALL = 15_000;
const SCOPES: readonly MockScope[] = ['snsapi_userinfo', 'snsapi_base'];

function benchControl(url: URL): { status: number; body: unknown } {
  const q = url.searchParams;
  if (url.pathname === '/__codes') {
    const count = Number(q.get('count'));
    const persona = findPersona(q.get('persona') ?? 'full');
    const scope = SCOPES.find((s) => s === (q.get('scope') ?? 'snsapi_userinfo'));
    if (!Number.isInteger(count) || count < 1 || count > MAX_CODES_PER_CALL || !persona || !scope) {
      return { status: 400, body: { error: `count 1..${MAX_CODES_PER_CALL}, a known persona and scope` } };
    }
    return { status: 200, body: { codes: Array.from({ length: count }, () => fake.issueCode(persona.id, scope)) } };
  }
  const latencyMs = Number(q.get('ms'));
  if (!Number.isFinite(latencyMs) || latencyMs < 0) return { status: 400, body: { error: 'ms ≥ 0' } };
  fake.configureFaults({ latencyMs });
  return { status: 200, body: { latencyMs } };
}

async function toRequest(req: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
  return new Request(`http://${values.host}:${values.port}${req.url ?? '/'}`, { method: req.method, headers, body });
}

const server = createServer(async (req, res) => {
  if (req.url === '/__stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ calls: fake.calls(), connections }));
    return;
  }
  const url = new URL(req.url ?? '/', 'http://stand-in');
  if (req.method === 'POST' && (url.pathname === '/__codes' || url.pathname === '/__latency')) {
    const { status, body } = benchControl(url);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
    return;
  }
  const response = await fake.handle(await toRequest(req));
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});
server.keepAliveTimeout = 60_000;
server.on('connection', () => connections++);
server.listen(Number(values.port), values.host, () => {
  console.log(`WeChat stand-in on http://${values.host}:${values.port} (appid ${values.appid})`);
});
