import 'server-only';
import http from 'node:http';
import https from 'node:https';
import { z } from 'zod';
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
import type { App } from './schemas';

// WECHAT-PROTOCOL §8: every error body is {errcode, errmsg}; sns/auth answers errcode 0 on success.
const ErrorBodySchema = z.object({ errcode: z.number(), errmsg: z.string().optional().default('') });

/** One GET, or a POST of a JSON `body` (cgi-bin/stable_token); lib/wechat/backend.ts chooses which. */
export type HttpGet = (url: string, signal: AbortSignal, body?: string) => Promise<{ status: number; body: string }>;

const MAX_BODY_BYTES = 1024 * 1024;

export const nodeGet: HttpGet = (url, signal, body) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const options = {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      signal,
    };
    // Node's global agents keep connections alive: a sign-in's two calls, and the sign-ins after it, reuse them.
    const request = (target.protocol === 'https:' ? https : http).request(target, options, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) response.destroy(new Error('answer too large'));
        else chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });

export interface RequestContext {
  apiBaseUrl: string;
  timeoutMs: number;
  get: HttpGet;
  log?: (line: WeChatLogLine) => void;
  /** Whose credentials the calls carry, named in the log line and its hint (mp when absent). */
  app?: App;
}

/** Never a URL, a secret or a token; nor WeChat's errmsg, which may quote the request. */
export interface WeChatLogLine {
  event: 'wechat_error';
  endpoint: WeChatEndpoint;
  /** The website app's and WeCom's calls only, so the service account's lines stay as they were. */
  app?: 'open' | 'wecom';
  error: string;
  errcode?: number;
  rid?: string;
  status?: number;
  hint?: string;
  ip?: string;
  durationMs: number;
}

/** The body, or a timeout after ctx.timeoutMs whether or not the GET honours the abort signal. */
async function fetchText(ctx: RequestContext, endpoint: WeChatEndpoint, url: string, post?: string): Promise<string> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new WeChatTimeoutError(endpoint, ctx.timeoutMs));
    }, ctx.timeoutMs);
  });
  // The URL may carry the AppSecret or a token: the original error (and its cause) never escapes.
  const reading = ctx.get(url, controller.signal, post).catch(() => {
    throw controller.signal.aborted
      ? new WeChatTimeoutError(endpoint, ctx.timeoutMs)
      : new WeChatNetworkError(endpoint);
  });
  reading.catch(() => undefined);
  try {
    const answer = await Promise.race([reading, deadline]);
    if (answer.status < 200 || answer.status >= 300) throw new WeChatHttpError(endpoint, answer.status);
    return answer.body;
  } finally {
    clearTimeout(timer);
  }
}

async function requestOnce<T>(
  ctx: RequestContext,
  endpoint: WeChatEndpoint,
  url: string,
  schema: z.ZodType<T>,
  post?: string,
): Promise<T> {
  const text = await fetchText(ctx, endpoint, url, post);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // WeChat answers JSON as text/plain, and sometimes an HTML page (WECHAT-PROTOCOL §9).
    throw new WeChatMalformedResponseError(endpoint, 'not JSON');
  }
  const failed = ErrorBodySchema.safeParse(body);
  if (failed.success && failed.data.errcode !== 0) {
    const { errcode, errmsg } = failed.data;
    const rid = /rid:\s*([0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8})/i.exec(errmsg)?.[1];
    throw new WeChatApiError(endpoint, errcode, errmsg, rid, ctx.app);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new WeChatMalformedResponseError(endpoint, 'unexpected shape');
  return parsed.data;
}

function logFailure(ctx: RequestContext, endpoint: WeChatEndpoint, error: unknown, startedAt: number): void {
  if (!(error instanceof WeChatError)) return;
  const hint = error instanceof WeChatApiError ? operatorHint(error.errcode, ctx.app, endpoint) : undefined;
  // WECHAT-PROTOCOL §15.1 (40164 "invalid ip …") and §19.2 (60020 "… from ip: …").
  const ip =
    error instanceof WeChatApiError
      ? /(?:invalid ip|from ip:) ?([0-9a-fA-F.:]{3,45})\b/.exec(error.errmsg)?.[1]
      : undefined;
  const line: WeChatLogLine = {
    event: 'wechat_error',
    endpoint,
    error: error.name,
    ...(ctx.app && ctx.app !== 'mp' ? { app: ctx.app } : {}),
    ...(error instanceof WeChatApiError ? { errcode: error.errcode, rid: error.rid } : {}),
    ...(hint ? { hint } : {}),
    ...(ip ? { ip } : {}),
    ...(error instanceof WeChatHttpError ? { status: error.status } : {}),
    durationMs: Math.round(performance.now() - startedAt),
  };
  (ctx.log ?? ((l) => console.warn(JSON.stringify(l))))(line);
}

/** Timeout, text-then-JSON, errcode, zod. A busy -1 retries once, never for the code (WECHAT-PROTOCOL §4). */
export async function requestWeChat<T>(
  ctx: RequestContext,
  endpoint: WeChatEndpoint,
  query: string,
  schema: z.ZodType<T>,
  { retryBusy = false, post }: { retryBusy?: boolean; post?: string } = {},
): Promise<T> {
  const url = `${ctx.apiBaseUrl}/${endpoint}${query ? `?${query}` : ''}`;
  for (let attempt = 1; ; attempt++) {
    const startedAt = performance.now();
    try {
      return await requestOnce(ctx, endpoint, url, schema, post);
    } catch (error) {
      logFailure(ctx, endpoint, error, startedAt);
      const busy = error instanceof WeChatApiError && error.errcode === -1;
      if (!retryBusy || !busy || attempt === 2) throw error;
    }
  }
}
