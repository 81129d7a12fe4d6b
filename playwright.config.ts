import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium';

/** Ports of the production servers the browser tests start: scripts/e2e.sh picks free ones; these are for a bare `npx playwright test`. */
const MOCK_PORT = Number(process.env.E2E_MOCK_PORT ?? 3210);
const REAL_PORT = Number(process.env.E2E_REAL_PORT ?? 3211);
const MISCONFIGURED_PORT = Number(process.env.E2E_MISCONFIGURED_PORT ?? 3212);
const RELAY_PORT = Number(process.env.E2E_RELAY_PORT ?? 3213);
const PREVIEW_PORT = Number(process.env.E2E_PREVIEW_PORT ?? 3214);
const REDIS_APP_PORT = Number(process.env.E2E_REDIS_APP_PORT ?? 3215);
const REDIS_PORT = Number(process.env.E2E_REDIS_PORT ?? 3216);
const WILDCARD_PREVIEW_PORT = Number(process.env.E2E_WILDCARD_PREVIEW_PORT ?? 3217);
const FOLLOW_SLOW_PORT = Number(process.env.E2E_FOLLOW_SLOW_PORT ?? 3218);

export const MOCK_BASE_URL = `http://localhost:${MOCK_PORT}`;
export const REAL_BASE_URL = `http://localhost:${REAL_PORT}`;
export const MISCONFIGURED_BASE_URL = `http://localhost:${MISCONFIGURED_PORT}`;
/** The relay on one machine (e2e/relay.spec.ts, docs/relay.md): 127.0.0.1 plays the 网页授权域名, localhost a preview. */
export const RELAY_BASE_URL = `http://127.0.0.1:${RELAY_PORT}`;
export const PREVIEW_BASE_URL = `http://localhost:${PREVIEW_PORT}`;
/** A second preview, under a name the relay allows by wildcard (the browser maps *.preview.test to 127.0.0.1). */
export const WILDCARD_PREVIEW_BASE_URL = `http://app-git-x-acme.preview.test:${WILDCARD_PREVIEW_PORT}`;
/** The same server, as the test runner reaches it (it cannot resolve *.preview.test). */
export const WILDCARD_PREVIEW_LOCAL_URL = `http://localhost:${WILDCARD_PREVIEW_PORT}`;
export const E2E_RELAY_SECRET = 'e2e-relay-secret-at-least-32-characters';
/** The mock-mode app with its account token and jsapi_ticket in a real Redis (e2e/share-card.spec.ts). */
export const REDIS_APP_BASE_URL = `http://localhost:${REDIS_APP_PORT}`;
/** The mock-mode app whose cgi-bin/user/info never answers in time (e2e/follow.spec.ts). */
export const FOLLOW_SLOW_BASE_URL = `http://localhost:${FOLLOW_SLOW_PORT}`;
/** The 关注公众号 button's target on the mock servers: a page the tests never open. */
export const FOLLOW_URL = 'https://example.com/follow-the-account';

export const WECHAT_IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323c) NetType/WIFI Language/zh_CN';

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  reporter: [['list']],
  use: {
    baseURL: MOCK_BASE_URL,
    userAgent: WECHAT_IPHONE_UA,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    trace: 'retain-on-first-failure',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  projects: [{ name: 'wechat-iphone', use: { browserName: 'chromium' } }],
  webServer: [
    {
      // The production build on the built-in mock WeChat; a short timeout so the "slow" fault gives a 504 quickly.
      command: `npx next start -p ${MOCK_PORT}`,
      url: `${MOCK_BASE_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        WECHAT_MOCK: '1',
        WECHAT_TIMEOUT_MS: '1500',
        PROFILE_TTL_SECONDS: '600',
        WECHAT_FOLLOW_URL: FOLLOW_URL,
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
    {
      // Mock mode off, with fake credentials: only pages that never call WeChat are visited here.
      command: `npx next start -p ${REAL_PORT}`,
      url: `${REAL_BASE_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        WECHAT_MOCK: '0',
        WECHAT_APPID: 'wx00000000e2etest1',
        WECHAT_APPSECRET: 'e2e-app-secret-not-real',
        SESSION_SECRET: 'e2e-session-secret-at-least-32-characters',
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
    {
      // A deployment without WECHAT_APPID, started as Vercel starts one: no `npm start` check before it. Its static
      // files are the only answers that are not the apology page, so one of them tells Playwright it is up.
      command: `npx next start -p ${MISCONFIGURED_PORT}`,
      url: `${MISCONFIGURED_BASE_URL}/styles/app.css`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        WECHAT_MOCK: '',
        WECHAT_APPID: '',
        WECHAT_APPSECRET: '',
        SESSION_SECRET: '',
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
    {
      // The deployment on the 网页授权域名, with the relay on. Its own mock WeChat plays no part in a relayed sign-in.
      command: `npx next start -H 127.0.0.1 -p ${RELAY_PORT}`,
      url: `${RELAY_BASE_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        WECHAT_MOCK: '1',
        WECHAT_RELAY_ALLOWED_ORIGINS: `${PREVIEW_BASE_URL},http://*-acme.preview.test:${WILDCARD_PREVIEW_PORT}`,
        WECHAT_RELAY_SECRET: E2E_RELAY_SECRET,
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
    {
      // A preview: its host is no 网页授权域名, so it signs in through the relay. Its own mock WeChat issues the code
      // (redirecting only to the relay's host, as WeChat would) and redeems it when the relay forwards it back. The
      // variables of docs/relay.md's local recipe: off Vercel, APP_BASE_URL names the origin its relay links carry.
      command: `npx next start -p ${PREVIEW_PORT}`,
      url: `${PREVIEW_BASE_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        WECHAT_MOCK: '1',
        APP_BASE_URL: PREVIEW_BASE_URL,
        WECHAT_AUTH_RELAY_URL: RELAY_BASE_URL,
        WECHAT_RELAY_SECRET: E2E_RELAY_SECRET,
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
    {
      // A preview as on Vercel (VERCEL=1, no APP_BASE_URL): it signs relay links for the Host it is reached under,
      // which Vercel's router sets; here the wildcard name the relay allows. Kept so that way is walked too.
      command: `npx next start -p ${WILDCARD_PREVIEW_PORT}`,
      url: `${WILDCARD_PREVIEW_LOCAL_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        WECHAT_MOCK: '1',
        VERCEL: '1',
        WECHAT_AUTH_RELAY_URL: RELAY_BASE_URL,
        WECHAT_RELAY_SECRET: E2E_RELAY_SECRET,
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
    {
      // Debian's redis-server (scripts/e2e.sh installs it when missing), for the app below.
      command: `redis-server --port ${REDIS_PORT} --bind 127.0.0.1 --save '' --appendonly no`,
      port: REDIS_PORT,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // The built-in mock WeChat with the shared store in that Redis, as several instances would run it.
      command: `npx next start -p ${REDIS_APP_PORT}`,
      url: `${REDIS_APP_BASE_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { WECHAT_MOCK: '1', REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`, NEXT_TELEMETRY_DISABLED: '1' },
    },
    {
      // The built-in mock WeChat whose cgi-bin/user/info answers after WECHAT_TIMEOUT_MS: the profile goes on without it.
      command: `npx next start -p ${FOLLOW_SLOW_PORT}`,
      url: `${FOLLOW_SLOW_BASE_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        WECHAT_MOCK: '1',
        WECHAT_TIMEOUT_MS: '4000',
        MOCK_WECHAT_FAULTS: 'follow-slow',
        WECHAT_FOLLOW_URL: FOLLOW_URL,
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
  ],
});
