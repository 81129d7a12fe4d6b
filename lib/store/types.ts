import 'server-only';

/**
 * What every instance of the app must share: the account token, the jsapi_ticket and their locks. Values expire
 * with the key (Redis `PX`), so a central token service can write the same keys (README: the store's keys).
 */
export interface SharedStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** `SET key value NX PX ttlMs`: true when this caller now holds the key. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes the key only while it still holds `value` (a lock's owner, the token that failed). */
  deleteIfEquals(key: string, value: string): Promise<boolean>;
}

/** The store could not be reached or did not answer in time. Its message names no URL (it may carry a password). */
export class StoreUnavailableError extends Error {
  // Spelled out: the production minifier renames classes.
  override readonly name = 'StoreUnavailableError';
}

/** Another instance held the lock for longer than the bounded wait. */
export class StoreBusyError extends Error {
  override readonly name = 'StoreBusyError';
}
