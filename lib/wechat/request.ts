import 'server-only';
import http from 'node:http';
import https from 'node:https';
import type { z } from 'zod';
import {
  operatorHint,
  WeChatApiError,
  WeChatError,
  WeChatHttpError,
  WeChatMalformedResponseError,
  WeChatNetworkError,
  WeChatTimeoutError,
  type WeChatEndpoint,
} from './errors';
import { ErrorBodySchema, type App } from './schemas';

/** One GET's answer: WeChat's bodies are small JSON (or an HTML error page), read whole as text. */
export interface HttpAnswer {
  status: number;
  body: string;
}

/** How one GET is made, or a POST of a JSON `body` (cgi-bin/stable_token); lib/wechat/backend.ts chooses it. */
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
 * Errors carry no URL (it may hold the AppSecret); requestWeChat wraps them without their cause anyway.
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

export interface RequestContext {
  apiBaseUrl: string;
  timeoutMs: number;
  get: HttpGet;
  log: (line: WeChatLogLine) => void;
  /** Whose credentials the calls carry: named in the log line, and in its hint (mp when absent). */
  app?: App;
}

export interface WeChatLogLine {
  event: 'wechat_error';
  endpoint: WeChatEndpoint;
  /** Present for the website app's calls only, so the service account's lines stay as they were. */
  app?: 'open';
  error: string;
  errcode?: number;
  rid?: string;
  /** The HTTP status, when WeChat (or a proxy before it) answered one other than 200. */
  status?: number;
  /** What an operator must do (the account token's 40164, 45009, 40013, 40125). */
  hint?: string;
  /** 40164: the IP WeChat saw, to put on the whitelist. The errmsg itself may quote the request, so never logged. */
  ip?: string;
  durationMs: number;
}

const RID_PATTERN = /rid:\s*([0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8})/i;

export function defaultLog(line: WeChatLogLine): void {
  console.warn(JSON.stringify(line));
}

async function readText(
  ctx: RequestContext,
  endpoint: WeChatEndpoint,
  url: string,
  signal: AbortSignal,
  body: string | undefined,
): Promise<string> {
  let answer;
  try {
    answer = await ctx.get(url, signal, body);
  } catch {
    // The URL may carry the AppSecret or a token: never let the original error (or its cause) escape.
    if (signal.aborted) throw new WeChatTimeoutError(endpoint, ctx.timeoutMs);
    throw new WeChatNetworkError(endpoint);
  }
  if (answer.status < 200 || answer.status >= 300) throw new WeChatHttpError(endpoint, answer.status);
  return answer.body;
}

/**
 * The body of one GET, or a timeout after ctx.timeoutMs however the GET behaves: the race does not
 * depend on the GET honouring the abort signal.
 */
async function getText(
  ctx: RequestContext,
  endpoint: WeChatEndpoint,
  url: string,
  body: string | undefined,
): Promise<string> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new WeChatTimeoutError(endpoint, ctx.timeoutMs));
    }, ctx.timeoutMs);
  });
  const reading = readText(ctx, endpoint, url, controller.signal, body);
  reading.catch(() => undefined);
  try {
    return await Promise.race([reading, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function parseBody(endpoint: WeChatEndpoint, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // WeChat answers JSON as text/plain, and sometimes an HTML page (WECHAT-PROTOCOL §9).
    throw new WeChatMalformedResponseError(endpoint, 'not JSON');
  }
}

function throwIfErrcode(endpoint: WeChatEndpoint, body: unknown): void {
  const errorBody = ErrorBodySchema.safeParse(body);
  if (!errorBody.success || errorBody.data.errcode === 0) return;
  const { errcode, errmsg } = errorBody.data;
  throw new WeChatApiError(endpoint, errcode, errmsg.replace(/,?\s*rid:.*$/, ''), RID_PATTERN.exec(errmsg)?.[1]);
}

async function requestOnce<T>(
  ctx: RequestContext,
  endpoint: WeChatEndpoint,
  url: string,
  schema: z.ZodType<T>,
  post: string | undefined,
): Promise<T> {
  const body = parseBody(endpoint, await getText(ctx, endpoint, url, post));
  throwIfErrcode(endpoint, body);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new WeChatMalformedResponseError(endpoint, 'unexpected shape');
  return parsed.data;
}

const IP_PATTERN = /invalid ip ([0-9a-fA-F.:]{3,45})\b/;

function operatorAdvice(error: WeChatApiError, app: App | undefined): Pick<WeChatLogLine, 'hint' | 'ip'> {
  const hint = operatorHint(error.errcode, app);
  if (!hint) return {};
  const ip = error.errcode === 40164 ? IP_PATTERN.exec(error.errmsg)?.[1] : undefined;
  return ip ? { hint, ip } : { hint };
}

function logFailure(ctx: RequestContext, endpoint: WeChatEndpoint, error: unknown, startedAt: number): void {
  if (!(error instanceof WeChatError)) return;
  ctx.log({
    event: 'wechat_error',
    endpoint,
    error: error.name,
    ...(ctx.app === 'open' ? { app: 'open' as const } : {}),
    ...(error instanceof WeChatApiError
      ? { errcode: error.errcode, rid: error.rid, ...operatorAdvice(error, ctx.app) }
      : {}),
    ...(error instanceof WeChatHttpError ? { status: error.status } : {}),
    durationMs: Math.round(performance.now() - startedAt),
  });
}

/**
 * One GET to WeChat (a POST when `post` is a JSON body): timeout, text body parsed as JSON whatever the
 * Content-Type, errcode → typed error, then zod. `retryBusy` retries a -1 once; never for the code exchange, whose
 * code is consumed even then (WECHAT-PROTOCOL §4).
 */
export async function requestWeChat<T>(
  ctx: RequestContext,
  endpoint: WeChatEndpoint,
  query: string,
  schema: z.ZodType<T>,
  { retryBusy = false, post }: { retryBusy?: boolean; post?: string } = {},
): Promise<T> {
  const url = query ? `${ctx.apiBaseUrl}/${endpoint}?${query}` : `${ctx.apiBaseUrl}/${endpoint}`;
  const startedAt = performance.now();
  try {
    return await requestOnce(ctx, endpoint, url, schema, post);
  } catch (error) {
    logFailure(ctx, endpoint, error, startedAt);
    const busy = error instanceof WeChatApiError && error.errcode === -1;
    if (!retryBusy || !busy) throw error;
  }
  const retryStartedAt = performance.now();
  try {
    return await requestOnce(ctx, endpoint, url, schema, post);
  } catch (error) {
    logFailure(ctx, endpoint, error, retryStartedAt);
    throw error;
  }
}
