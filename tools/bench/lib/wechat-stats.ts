import { get } from 'node:http';

export type Calls = Record<
  'sns/oauth2/access_token' | 'sns/oauth2/refresh_token' | 'sns/userinfo' | 'sns/auth',
  number
>;

export interface Stats {
  calls: Calls;
  /** TCP connections the stand-in accepted; absent for the in-process mock. */
  connections?: number;
}

/** A fresh connection per read (agent: false), so reading the stand-in's stats adds exactly one connection. */
function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, timeout: 5000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(text));
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${url} timed out`)));
    req.on('error', reject);
  });
}

export const readMockStats = (appUrl: string): Promise<Stats> =>
  getJson(`${appUrl}/mock-wechat/__stats`) as Promise<Stats>;
export const readStandInStats = (standInUrl: string): Promise<Stats> =>
  getJson(`${standInUrl}/__stats`) as Promise<Stats>;

export function totalCalls(calls: Calls): number {
  return Object.values(calls).reduce((sum, n) => sum + n, 0);
}

export function callsBetween(before: Stats, after: Stats): Calls {
  const delta = { ...after.calls };
  for (const key of Object.keys(delta) as (keyof Calls)[]) delta[key] -= before.calls[key];
  return delta;
}
