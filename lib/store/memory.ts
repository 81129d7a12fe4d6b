import 'server-only';
import type { SharedStore } from './types';

/** The embedded default: right for one instance, shared by nothing else. */
export function createMemoryStore(now: () => number = Date.now): SharedStore {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const read = (key: string): string | null => {
    const entry = entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt > now()) return entry.value;
    entries.delete(key);
    return null;
  };
  return {
    get: async (key) => read(key),
    set: async (key, value, ttlMs) => {
      entries.set(key, { value, expiresAt: now() + ttlMs });
    },
    setIfAbsent: async (key, value, ttlMs) => {
      if (read(key) !== null) return false;
      entries.set(key, { value, expiresAt: now() + ttlMs });
      return true;
    },
    deleteIfEquals: async (key, value) => read(key) === value && entries.delete(key),
  };
}

/** The mock's "Redis down" fault: every operation fails as an unreachable Redis would. */
export function createDownStore(fail: () => Error): SharedStore {
  const down = async (): Promise<never> => {
    throw fail();
  };
  return { get: down, set: down, setIfAbsent: down, deleteIfEquals: down };
}
