/** What a phone sends with every request: WeChat's UA and compression, so servers answer as they would in the field. */
export const PHONE_HEADERS: Readonly<Record<string, string>> = {
  'user-agent':
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323c) NetType/WIFI Language/zh_CN',
  'accept-encoding': 'gzip, deflate, br',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
};

export type Answer = { status: number; location: string | null; cookies: Map<string, string>; body: string };

/** One request with WeChat's UA, without following redirects; cookies come back as name → value. */
export async function request(
  url: string,
  init: { method?: string; cookie?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'user-agent': PHONE_HEADERS['user-agent']!, ...init.headers };
  if (init.cookie) headers.cookie = init.cookie;
  if (init.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  const response = await fetch(url, {
    method: init.method,
    body: init.body,
    headers,
    redirect: 'manual',
    signal: AbortSignal.timeout(15_000),
  });
  const cookies = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const [, name, value] = /^([^=;]+)=([^;]*)/.exec(line) ?? [];
    if (name) cookies.set(name, value ?? '');
  }
  return { status: response.status, location: response.headers.get('location'), cookies, body: await response.text() };
}

export function expectStatus(answer: Answer, expected: RegExp, what: string): Answer {
  if (!expected.test(String(answer.status))) throw new Error(`${what}: HTTP ${answer.status}, expected ${expected}`);
  return answer;
}

/** Runs `task` for each index with at most `concurrency` in flight. */
export async function inParallel<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
