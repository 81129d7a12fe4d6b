import { http } from 'msw';
import type { FakeWeChat } from './fake-wechat';

/** msw handlers that answer WeChat's API origin from the fake: the jest mount of the same fake the app mounts in mock mode. */
export function wechatHandlers(fake: FakeWeChat, apiBaseUrl: string, oauthBaseUrl: string) {
  return [
    http.all(`${apiBaseUrl}/*`, ({ request }) => fake.handle(request, new URL(apiBaseUrl).pathname.replace(/\/$/, ''))),
    http.all(`${oauthBaseUrl}/*`, ({ request }) =>
      fake.handle(request, new URL(oauthBaseUrl).pathname.replace(/\/$/, '')),
    ),
  ];
}
