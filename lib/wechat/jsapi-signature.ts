import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

export interface JsapiSignatureInput {
  ticket: string;
  nonceStr: string;
  /** Seconds since the epoch. */
  timestamp: number;
  /** The page's URL as the browser has it, without `#…`. */
  url: string;
}

/** WECHAT-PROTOCOL §15.3: keys in ASCII order, raw unescaped values, SHA-1 in lower-case hex. */
export function signJsapi({ ticket, nonceStr, timestamp, url }: JsapiSignatureInput): string {
  const plain = `jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`;
  return createHash('sha1').update(plain, 'utf8').digest('hex');
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function newNonceStr(length = 16): string {
  return [...randomBytes(length)].map((byte) => ALNUM[byte % ALNUM.length]).join('');
}
