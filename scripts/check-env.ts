// `npm start` runs this before `next start`, which would print "Ready" before it reads any configuration.
import { loadEnvConfig } from '@next/env';
import { loadConfig } from '../lib/env';

loadEnvConfig(process.cwd(), false, { info: () => undefined, error: console.error });
// What `next start` will run as; its own warnings are the server's to print.
Object.assign(process.env, { NODE_ENV: 'production' });
const config = loadConfig({ report: false });
if (!config.ok) {
  console.error(config.problem);
  process.exit(1);
}
