import 'server-only';
import http from 'node:http';
import https from 'node:https';

/** One GET's answer: WeChat's bodies are small JSON (or an HTML error page), read whole as text. */
export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * How lib/wechat/request.ts performs one GET, or a POST of a JSON `body` (cgi-bin/stable_token); the built-in mock
 * supplies its own (mocks/wechat/instance.ts).
 */
export type HttpGet = (url: string, signal: AbortSignal, body?: string) => Promise<HttpAnswer>;

// Anything larger is not one of WeChat's answers; reading it would only cost memory.
const MAX_BODY_BYTES = 1024 * 1024;

// Keep-alive: a sign-in's two calls, and the sign-ins after it, reuse the connections to WeChat.
const AGENTS: Record<string, http.Agent> = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/**
 * A GET through Node's own http(s) client and a keep-alive agent: no framework-patched fetch, no Web streams.
 * Errors carry no URL (it may hold the AppSecret); lib/wechat/request.ts wraps them without their cause anyway.
 */
export const nodeGet: HttpGet = (url, signal, body) =>
  new Promise<HttpAnswer>((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const method = body === undefined ? 'GET' : 'POST';
    const headers = body === undefined ? {} : { 'content-type': 'application/json' };
    const request = client.request(target, { method, headers, agent: AGENTS[target.protocol], signal }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) response.destroy(new BodyTooLargeError('answer too large'));
        else chunks.push(chunk);
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
