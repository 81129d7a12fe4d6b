import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { nodeGet } from '@/lib/wechat/request';

// nodeGet against a real loopback server: msw, which the other WeChat tests answer with, stands in for the socket.
const MAX_BODY_BYTES = 1024 * 1024;
let server: Server;
let base: string;
const seen: { method?: string; contentType?: string; body: string }[] = [];
const clientPorts: (number | undefined)[] = [];

beforeAll(async () => {
  server = createServer(async (request, response) => {
    clientPorts.push(request.socket.remotePort);
    seen.push({ method: request.method, contentType: request.headers['content-type'], body: await text(request) });
    const query = new URL(request.url ?? '/', 'http://x').searchParams;
    response.writeHead(200, { 'content-type': 'text/plain' });
    if (query.has('drop')) response.write('{"access_tok', () => response.destroy());
    else response.end('x'.repeat(Number(query.get('bytes') ?? 2)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  seen.length = 0;
  clientPorts.length = 0;
});

const signal = () => new AbortController().signal;

describe('the transport to WeChat (nodeGet)', () => {
  it('asks with a GET without a content type, and POSTs a body as JSON (cgi-bin/stable_token)', async () => {
    await nodeGet(`${base}/sns/userinfo`, signal());
    await nodeGet(`${base}/cgi-bin/stable_token`, signal(), '{"grant_type":"client_credential"}');
    expect(seen).toEqual([
      { method: 'GET', contentType: undefined, body: '' },
      { method: 'POST', contentType: 'application/json', body: '{"grant_type":"client_credential"}' },
    ]);
  });

  it('reuses one connection for consecutive calls, as a sign-in’s two calls do', async () => {
    await nodeGet(`${base}/sns/oauth2/access_token`, signal());
    await nodeGet(`${base}/sns/userinfo`, signal());
    expect(clientPorts).toHaveLength(2);
    expect(clientPorts[1]).toBe(clientPorts[0]);
  });

  it('fails at once when the connection drops in the middle of an answer', async () => {
    await expect(nodeGet(`${base}/?drop`, signal())).rejects.toThrow();
  });

  it('reads an answer of up to 1 MiB and refuses a longer one', async () => {
    await expect(nodeGet(`${base}/?bytes=${MAX_BODY_BYTES}`, signal())).resolves.toEqual({
      status: 200,
      body: 'x'.repeat(MAX_BODY_BYTES),
    });
    await expect(nodeGet(`${base}/?bytes=${MAX_BODY_BYTES + 1}`, signal())).rejects.toThrow('answer too large');
  });
});
