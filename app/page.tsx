import { headers } from 'next/headers';
import { getEnv, resolveOrigin } from '@/lib/env';
import { landingBlocks, sanitizeReturnTo } from '@/lib/auth/links';
import { OPEN_IN_WECHAT, QR_SIGN_IN_LABEL, scanToOpenHtml } from '@/lib/http/open-in-wechat';
import { isPhoneBrowser, isWeChatBrowser, isWeComBrowser } from '@/lib/http/request';
import { getSession } from '@/lib/session/session';
import { backendFor } from '@/lib/wechat/backend';
import { OpenInWeChat } from '@/components/open-in-wechat';

export const dynamic = 'force-dynamic';

/** The desktop's two ways in besides WeChat itself: the website app's QR page, and WeCom's web login. */
const SIGN_IN_SECTIONS = {
  'qr-sign-in': {
    title: '在电脑上登录',
    tip: '点击后页面会显示一个二维码，用手机微信扫码并确认即可登录。',
    label: QR_SIGN_IN_LABEL,
  },
  // A phone cannot scan its own screen: another phone's WeChat does.
  'qr-sign-in-phone': {
    title: '用另一台手机登录',
    tip: '点击后页面会显示一个二维码，用另一台手机上的微信扫码并确认即可登录。',
    label: QR_SIGN_IN_LABEL,
  },
  'wecom-sign-in': {
    title: '企业成员登录',
    tip: '用手机企业微信扫码，或在电脑上的企业微信里确认，即可登录。',
    label: '企业微信登录',
  },
} as const;

/**
 * Asks before it authorizes: WeChat puts pages that force snsapi_userinfo on open into snapshot mode
 * (WECHAT-PROTOCOL §3), so the user taps a button first: it is where every link the app hands out leads, `returnTo`
 * included. Outside WeChat it offers only what works there.
 */
export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const env = getEnv();
  const requestHeaders = await headers();
  const userAgent = requestHeaders.get('user-agent');
  const { returnTo } = await searchParams;
  const blocks = landingBlocks({
    // WeCom's browser signs its members in where WeCom is configured (WECHAT-PROTOCOL §19.1).
    inWeChat: isWeChatBrowser(userAgent) || (isWeComBrowser(userAgent) && env.wecom !== null),
    signsInAnyBrowser: backendFor(env).signsInAnyBrowser,
    signedIn: (await getSession()) !== null,
    qrSignIn: env.openApp !== null,
    weComSignIn: env.wecom !== null,
    phone: isPhoneBrowser(userAgent),
    returnTo: sanitizeReturnTo(typeof returnTo === 'string' ? returnTo : null),
  });
  const render = async (block: (typeof blocks)[number]) => {
    switch (block.kind) {
      case 'profile':
        return (
          <div key="profile">
            <div className="weui-btn-area">
              {/* A first sign-in goes straight to authorization: one redirect fewer on a phone network. */}
              <a className="weui-btn weui-btn_primary" href={block.href}>
                查看我的微信资料
              </a>
            </div>
            {block.ask && <p className="home__why">点击后微信会询问你是否授权；不点击，我们不会获取任何信息。</p>}
          </div>
        );
      case 'qr-sign-in':
      case 'wecom-sign-in': {
        const text = SIGN_IN_SECTIONS[block.kind === 'qr-sign-in' && block.phone ? 'qr-sign-in-phone' : block.kind];
        const primary = block.kind === 'qr-sign-in' && block.primary;
        return (
          <section key={block.kind} className="home__qr-sign-in" aria-labelledby={`${block.kind}-title`}>
            <h2 id={`${block.kind}-title`} className="outside__title">
              {text.title}
            </h2>
            <p className="weui-cells__tips">{text.tip}</p>
            <div className="weui-btn-area">
              <a className={`weui-btn ${primary ? 'weui-btn_primary' : 'weui-btn_default'}`} href={block.href}>
                {text.label}
              </a>
            </div>
          </section>
        );
      }
      case 'open-in-wechat':
        return (
          <OpenInWeChat
            key="open"
            heading={OPEN_IN_WECHAT.heading}
            message={OPEN_IN_WECHAT.message}
            panelHtml={await scanToOpenHtml(
              `${resolveOrigin(new Request('http://localhost/', { headers: requestHeaders }), env)}${block.path}`,
            )}
            script={OPEN_IN_WECHAT.script}
            nonce={requestHeaders.get('x-nonce')}
          />
        );
    }
  };
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
      {await Promise.all(blocks.map(render))}
    </main>
  );
}
