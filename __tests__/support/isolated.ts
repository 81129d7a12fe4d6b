/**
 * Modules loaded afresh with these variables set on top of support/test.env, for tests that need another configuration:
 * lib/env parses the environment once per module registry, at its first use.
 */
export async function loadWithEnv<T>(vars: Record<string, string>, load: () => Promise<T>): Promise<T> {
  const saved = process.env;
  process.env = { ...saved, ...vars };
  try {
    let loaded: T | undefined;
    await jest.isolateModulesAsync(async () => {
      loaded = await load();
      (await import('@/lib/env')).getEnv();
    });
    return loaded as T;
  } finally {
    process.env = saved;
  }
}
