import { headers } from 'next/headers';
import { getEnv } from '@/lib/env';
import { isWeChatBrowser, resolveOrigin } from '@/lib/http/request-info';
import { QrCode } from '@/components/qr-code';

export const dynamic = 'force-dynamic';

/**
 * Asks before it authorizes: WeChat puts pages that force snsapi_userinfo on open into snapshot mode
 * (WECHAT-PROTOCOL §3), so the user taps a button first.
 */
export default async function HomePage() {
  const env = getEnv();
  const requestHeaders = await headers();
  const inWeChat = env.mode === 'mock' || isWeChatBrowser(requestHeaders.get('user-agent'));
  const origin = resolveOrigin(new Request('http://localhost/', { headers: requestHeaders }), env);
  return (
    <main className="page home">
      <header className="home__head">
        <h1 className="home__title">微信个人主页</h1>
        <p className="home__desc">授权后，本页会显示你的微信昵称、头像和 openid。我们只在你的浏览器里保存加密的会话，不保存你的资料。</p>
      </header>
      <div className="weui-btn-area">
        <a className="weui-btn weui-btn_primary" href="/profile">
          查看我的微信资料
        </a>
      </div>
      {!inWeChat && (
        <section className="home__outside" aria-labelledby="outside-title">
          <h2 id="outside-title" className="weui-cells__title">请在微信中打开</h2>
          <p className="weui-cells__tips">网页授权只能在微信内置浏览器中进行。请用微信扫描二维码打开本页。</p>
          <QrCode text={`${origin}/`} label="本站二维码" />
        </section>
      )}
    </main>
  );
}
