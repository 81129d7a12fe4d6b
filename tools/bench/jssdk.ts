/**
 * `npx tsx --conditions=react-server tools/bench/jssdk.ts`: only the JS-SDK step of `npm run bench` (its config route
 * and share chunk lines), on a production build of its own server in mock mode.
 */
import { startNext, waitUntilReady } from '../lib/server';
import { formatTable } from './lib/report';
import { BENCH_SESSION_SECRET } from './lib/sessions';
import { signIn } from './lib/sign-in';
import { jssdkLines } from './lines';
import { measureJssdk } from './steps/jssdk';

async function main(): Promise<void> {
  const server = startNext(3520, { WECHAT_MOCK: '1', SESSION_SECRET: BENCH_SESSION_SECRET });
  try {
    await waitUntilReady(server);
    const jssdk = await measureJssdk(server.url, await signIn(server.url));
    console.log(formatTable(jssdkLines(jssdk)));
  } finally {
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
