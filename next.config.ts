import type { NextConfig } from 'next';
import { staticHeaderRules } from './lib/http/headers';

// The configuration is checked where every server starts (instrumentation.ts), and by `npm start` before it.
const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return staticHeaderRules();
  },
  async rewrites() {
    return [{ source: '/MP_verify_:token.txt', destination: '/mp-verify/:token' }];
  },
};

export default config;
