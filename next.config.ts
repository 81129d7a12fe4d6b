import type { NextConfig } from 'next';
import { PHASE_PRODUCTION_BUILD } from 'next/constants';
import { assertEnvAtStartup } from './lib/env/schema';
import { staticHeaderRules } from './lib/http/security-headers';

export default function config(phase: string): NextConfig {
  // The build needs no credentials; `next start` and `next dev` refuse to run with a bad configuration.
  if (phase !== PHASE_PRODUCTION_BUILD) assertEnvAtStartup();
  return {
    poweredByHeader: false,
    reactStrictMode: true,
    async headers() {
      return staticHeaderRules();
    },
    async rewrites() {
      return [{ source: '/MP_verify_:token.txt', destination: '/mp-verify/:token' }];
    },
  };
}
