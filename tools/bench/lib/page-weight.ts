import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { COMPILE_HINT } from '../../compile-hints';
import { request } from './http';

export interface Compressed {
  raw: number;
  gzip: number;
  brotli: number;
}

export interface PageWeight {
  html: Compressed;
  js: Compressed;
  css: Compressed;
  /** JS files this page loads that the framework's smallest page (the 404 page) does not. */
  appJs: Compressed;
  jsFiles: number;
  /** JS files that start with V8's compile hint: 0 after npm run build, the start-up chunks after npm run compile-hints. */
  jsWithCompileHint: number;
}

const ZERO: Compressed = { raw: 0, gzip: 0, brotli: 0 };

// gzip level 6 is what `next start` sends; brotli 11 is what a CDN serves for static files.
function compress(text: string): Compressed {
  const buffer = Buffer.from(text);
  return {
    raw: buffer.length,
    gzip: gzipSync(buffer, { level: 6 }).length,
    brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

function add(a: Compressed, b: Compressed): Compressed {
  return { raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli };
}

function assetUrls(html: string, kind: 'js' | 'css'): string[] {
  const pattern =
    kind === 'js'
      ? /<script[^>]*\ssrc="([^"]+)"/g
      : /<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"|<link[^>]*href="([^"]+)"[^>]*rel="stylesheet"/g;
  const urls = new Set<string>();
  for (const match of html.matchAll(pattern)) {
    const url = match[1] ?? match[2];
    // noModule scripts are polyfills that modern phones never download.
    if (url && !(kind === 'js' && /noModule/i.test(match[0]))) urls.add(url.replace(/&amp;/g, '&'));
  }
  return [...urls];
}

async function fetchAssets(appUrl: string, urls: readonly string[]): Promise<string[]> {
  const bodies: string[] = [];
  for (const url of urls) {
    const answer = await request(new URL(url, appUrl).toString(), { headers: { 'accept-encoding': 'identity' } });
    if (answer.status !== 200) throw new Error(`${url}: HTTP ${answer.status}`);
    bodies.push(answer.body);
  }
  return bodies;
}

const sumOf = (bodies: readonly string[]): Compressed => bodies.map(compress).reduce(add, ZERO);

export async function fetchHtml(
  appUrl: string,
  path: string,
  cookie?: string,
): Promise<{ status: number; html: string }> {
  const answer = await request(`${appUrl}${path}`, { cookie, headers: { 'accept-encoding': 'identity' } });
  return { status: answer.status, html: answer.body };
}

/** Bytes a phone downloads for one page, and the share of its JS that is the app's rather than the framework's. */
export async function measurePageWeight(appUrl: string, html: string, frameworkHtml: string): Promise<PageWeight> {
  const jsUrls = assetUrls(html, 'js');
  const frameworkJs = new Set(assetUrls(frameworkHtml, 'js'));
  const js = await fetchAssets(appUrl, jsUrls);
  return {
    html: compress(html),
    js: sumOf(js),
    css: sumOf(await fetchAssets(appUrl, assetUrls(html, 'css'))),
    appJs: sumOf(js.filter((_, i) => !frameworkJs.has(jsUrls[i]!))),
    jsFiles: js.length,
    jsWithCompileHint: js.filter((body) => body.startsWith(COMPILE_HINT)).length,
  };
}

/** The page is there before any script runs: title, nickname, openid and the logout form are in the HTML itself. */
export function isFullyRendered(html: string, nickname: string, openid: string): boolean {
  const body = html.slice(html.indexOf('<body'));
  const beforeScripts = body.slice(0, body.indexOf('<script') === -1 ? undefined : body.indexOf('<script'));
  return (
    html.includes(`<title>${nickname}的个人主页</title>`) &&
    beforeScripts.includes(nickname) &&
    beforeScripts.includes(openid) &&
    beforeScripts.includes('action="/auth/logout"') &&
    !html.includes('BAILOUT_TO_CLIENT_SIDE_RENDERING')
  );
}
