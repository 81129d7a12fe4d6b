import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { COMPILE_HINT } from '../../compile-hints';
import { request } from './http';

// gzip level 6 is what `next start` sends; brotli 11 is what a CDN serves for static files.
const compress = (bodies: readonly string[]) =>
  bodies
    .map((text) => Buffer.from(text))
    .reduce(
      (sum, buffer) => ({
        raw: sum.raw + buffer.length,
        gzip: sum.gzip + gzipSync(buffer, { level: 6 }).length,
        brotli: sum.brotli + brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      }),
      { raw: 0, gzip: 0, brotli: 0 },
    );

/** Script and stylesheet URLs; noModule scripts are polyfills that modern phones never download. */
function assetUrls(html: string, kind: 'js' | 'css'): string[] {
  const pattern =
    kind === 'js'
      ? /<script[^>]*\ssrc="([^"]+)"/g
      : /<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"|<link[^>]*href="([^"]+)"[^>]*rel="stylesheet"/g;
  const urls = [...html.matchAll(pattern)]
    .filter((match) => !(kind === 'js' && /noModule/i.test(match[0])))
    .map((match) => (match[1] ?? match[2])!.replace(/&amp;/g, '&'));
  return [...new Set(urls)];
}

/** The page's HTML as sent without compression (the bench compresses it itself). */
export async function fetchHtml(url: string, cookie?: string, userAgent?: string): Promise<string> {
  const headers = { 'accept-encoding': 'identity', ...(userAgent && { 'user-agent': userAgent }) };
  return (await request(url, { cookie, headers })).body;
}

/**
 * Bytes a phone downloads for one page; `appJs` is the JS the framework's smallest page (the 404 page) does not load,
 * `jsWithCompileHint` 0 after npm run build, the start-up chunks after npm run compile-hints.
 */
export async function measurePageWeight(appUrl: string, html: string, frameworkHtml: string) {
  const fetchAll = async (urls: string[]) => {
    const bodies: string[] = [];
    for (const url of urls) {
      const answer = await request(new URL(url, appUrl).toString(), { headers: { 'accept-encoding': 'identity' } });
      if (answer.status !== 200) throw new Error(`${url}: HTTP ${answer.status}`);
      bodies.push(answer.body);
    }
    return bodies;
  };
  const jsUrls = assetUrls(html, 'js');
  const frameworkJs = new Set(assetUrls(frameworkHtml, 'js'));
  const js = await fetchAll(jsUrls);
  return {
    html: compress([html]),
    js: compress(js),
    css: compress(await fetchAll(assetUrls(html, 'css'))),
    appJs: compress(js.filter((_, i) => !frameworkJs.has(jsUrls[i]!))),
    jsFiles: js.length,
    jsWithCompileHint: js.filter((body) => body.startsWith(COMPILE_HINT)).length,
  };
}

/** The page is there before any script runs: title, nickname, openid and the logout form are in the HTML itself. */
export function isFullyRendered(html: string, nickname: string, openid: string): boolean {
  const body = html.slice(html.indexOf('<body'));
  const beforeScripts = body.includes('<script') ? body.slice(0, body.indexOf('<script')) : body;
  return (
    html.includes(`<title>${nickname}的个人主页</title>`) &&
    [nickname, openid, 'action="/auth/logout"'].every((text) => beforeScripts.includes(text)) &&
    !html.includes('BAILOUT_TO_CLIENT_SIDE_RENDERING')
  );
}
