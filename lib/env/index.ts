import 'server-only';
import { formatEnvProblems, parseEnv, reportOnce, type Env } from './schema';

export type { Env, Mode } from './schema';
export { isAllowedOrigin, type OriginPattern } from './relay';

let cached: Env | undefined;

/** A missing or malformed variable. Its message names variables only, never a value. */
export class ConfigurationError extends Error {
  // Spelled out: the production minifier renames classes.
  override readonly name = 'ConfigurationError';
}

export function isConfigurationError(error: unknown): error is ConfigurationError {
  return error instanceof ConfigurationError;
}

/**
 * The validated configuration, parsed once per process. The only reader of process.env. A bad configuration
 * throws ConfigurationError on every call, and is logged once per process, as one line.
 */
export function getEnv(): Env {
  if (cached) return cached;
  const result = parseEnv(process.env);
  if (!result.ok) {
    const line = formatEnvProblems(result.problems);
    reportOnce([line], console.error);
    throw new ConfigurationError(line);
  }
  reportOnce(result.warnings, console.warn);
  cached = result.env;
  return cached;
}

/** For instrumentation.ts: check the configuration as the server starts, so the log says what is wrong at once. */
export function checkConfiguration(): void {
  try {
    getEnv();
  } catch (error) {
    if (!isConfigurationError(error)) throw error;
  }
}
