import { headers } from 'next/headers';
import { getEnv } from '@/lib/env';
import { OPEN_IN_WECHAT, isWeChatBrowser, resolveOrigin, scanToOpenHtml } from '@/lib/http';
import { PROFILE_PATH, signInPath } from '@/lib/auth';
import { getSession } from '@/lib/session';
import { OpenInWeChat } from '@/components/open-in-wechat';

export const dynamic = 'force-dynamic';

/**
 * Asks before it authorizes: WeChat puts pages that force snsapi_userinfo on open into snapshot mode
 * (WECHAT-PROTOCOL §3), so the user taps a button first.
 */
export default async function HomePage() {
  const env = getEnv();
  const requestHeaders = await headers();
  const inWeChat = env.mode === 'mock' || isWeChatBrowser(requestHeaders.get('user-agent'));
  const siteUrl = `${resolveOrigin(new Request('http://localhost/', { headers: requestHeaders }), env)}/`;
  // A first sign-in goes straight to authorization: one redirect fewer on a phone network.
  const profileHref = (await getSession()) ? PROFILE_PATH : signInPath();
  return (
    <main className="page home">
      <header className="home__head">
        {/* eslint-disable-next-line @next/next/no-img-element -- a 64 px static SVG; next/image adds nothing here */}
        <img className="home__logo" src="/icon.svg" alt="" width={64} height={64} />
        <h1 className="home__title">微信个人主页</h1>
        <p className="home__desc">
          授权后，本页会显示你的微信昵称、头像和 openid。会话加密保存在你的浏览器里，服务器不保存你的资料。
        </p>
      </header>
      <div className="weui-btn-area">
        <a className="weui-btn weui-btn_primary" href={profileHref}>
          查看我的微信资料
        </a>
      </div>
      <p className="home__why">点击后微信会询问你是否授权；不点击，我们不会获取任何信息。</p>
      {!inWeChat && (
        <OpenInWeChat
          heading={OPEN_IN_WECHAT.heading}
          message={OPEN_IN_WECHAT.message}
          panelHtml={await scanToOpenHtml(siteUrl)}
          script={OPEN_IN_WECHAT.script}
          nonce={requestHeaders.get('x-nonce')}
        />
      )}
    </main>
  );
}
