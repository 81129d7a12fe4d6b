/**
 * After `next build`: fails when what browsers are sent (the client bundle in .next/static, and public/) contains the
 * AppSecret, the session secret, the Redis URL, a WeChat token or the name of a server-only variable.
 * Usage: tsx scripts/check-secrets.ts [dir ...]
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { MOCK_APPS } from '../lib/env';

export interface Needle {
  label: string;
  find: string | RegExp;
}

export interface Leak {
  file: string;
  label: string;
}

// WECHAT-PROTOCOL §4: tokens are a decimal prefix, `_`, then dozens of [A-Za-z0-9_-].
const TOKEN_PATTERN = /\b\d{2,3}_[A-Za-z0-9_-]{60,}/;

/** Values that must never reach a browser: the configured secrets plus patterns no client code has reason to hold. */
export function needlesFrom(env: Readonly<Record<string, string | undefined>>): Needle[] {
  const secrets: Needle[] = [
    { label: 'the mock AppSecret', find: MOCK_APPS.mp.appSecret },
    { label: 'the mock website app AppSecret', find: MOCK_APPS.open.appSecret },
    { label: 'the mock WeCom app secret', find: MOCK_APPS.wecom.secret },
    { label: 'a WeChat access or refresh token', find: TOKEN_PATTERN },
    {
      label: 'the name of a server-only variable',
      find: /WECHAT_(OPEN_)?APPSECRET|SESSION_SECRET|WECHAT_RELAY_SECRET|WECOM_SECRET|REDIS_URL/,
    },
  ];
  for (const name of [
    'WECHAT_APPSECRET',
    'WECHAT_OPEN_APPSECRET',
    'SESSION_SECRET',
    'WECHAT_RELAY_SECRET',
    'WECOM_SECRET',
    'REDIS_URL',
  ]) {
    const value = env[name];
    if (value && value.length >= 8) secrets.push({ label: `the value of ${name}`, find: value });
  }
  return secrets;
}

export function findLeaks(files: ReadonlyArray<{ path: string; text: string }>, needles: readonly Needle[]): Leak[] {
  const leaks: Leak[] = [];
  for (const { path, text } of files) {
    for (const { label, find } of needles) {
      if (typeof find === 'string' ? text.includes(find) : find.test(text)) leaks.push({ file: path, label });
    }
  }
  return leaks;
}

export function readTree(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? readTree(path) : [{ path, text: readFileSync(path, 'latin1') }];
  });
}

function main(): void {
  const given = process.argv.slice(2);
  const dirs = given.length > 0 ? given : [join(process.cwd(), '.next', 'static'), join(process.cwd(), 'public')];
  const missing = dirs.find((dir) => !existsSync(dir));
  if (missing) {
    console.error(`check-secrets: ${missing} does not exist; run \`next build\` first`);
    process.exit(2);
  }
  const files = dirs.flatMap(readTree);
  const leaks = findLeaks(files, needlesFrom(process.env));
  for (const leak of leaks) console.error(`check-secrets: ${leak.file} contains ${leak.label}`);
  console.log(`check-secrets: ${files.length} files in ${dirs.join(' and ')}, ${leaks.length} leaks`);
  process.exit(leaks.length === 0 ? 0 : 1);
}

if (require.main === module) main();
