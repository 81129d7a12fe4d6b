import type { NextConfig } from 'next';
import { staticHeaderRules } from './lib/http/headers';

// The configuration is checked where every server starts (instrumentation.ts), and by `npm start` before it.
const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Its default bottom-left corner is where the snapshot page's bar puts 退出登录.
  devIndicators: { position: 'top-right' },
  async headers() {
    return staticHeaderRules();
  },
  async rewrites() {
    return [{ source: '/MP_verify_:token.txt', destination: '/mp-verify/:token' }];
  },
};

export default config;
