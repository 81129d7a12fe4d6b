// `npm start` runs this before `next start`, which would print "Ready" before it reads any configuration.
import { loadEnvConfig } from '@next/env';
import { formatEnvProblems, parseEnv } from './schema';

loadEnvConfig(process.cwd(), false, { info: () => undefined, error: console.error });
const result = parseEnv({ ...process.env, NODE_ENV: 'production' });
if (!result.ok) {
  console.error(formatEnvProblems(result.problems));
  process.exit(1);
}
