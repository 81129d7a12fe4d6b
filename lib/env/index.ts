import 'server-only';
import { formatEnvProblems, parseEnv, type Env } from './schema';

export type { Env, Mode } from './schema';

let cached: Env | undefined;

/** The validated configuration, parsed once per process. The only reader of process.env. */
export function getEnv(): Env {
  if (cached) return cached;
  const result = parseEnv(process.env);
  if (!result.ok) throw new Error(formatEnvProblems(result.problems));
  cached = result.env;
  return cached;
}
