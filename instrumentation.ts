import { loadConfig } from '@/lib/env';

/**
 * Runs once as each Next server starts, on every platform (Vercel never runs `next start`): a bad configuration is
 * logged at once as one line naming the variable, and every route then answers the zh-CN apology page.
 */
export function register(): void {
  loadConfig();
}
