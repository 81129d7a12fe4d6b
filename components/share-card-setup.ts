/** The part of WeChat's JS-SDK (jweixin-1.6.0.js) the share card uses (WECHAT-PROTOCOL §15.4). */
interface WeixinJsSdk {
  config(config: WxConfig & { debug: boolean; jsApiList: string[] }): void;
  ready(callback: () => void): void;
  error(callback: (result: { errMsg: string }) => void): void;
  updateAppMessageShareData(card: { title: string; desc: string; link: string; imgUrl: string }): void;
  updateTimelineShareData(card: { title: string; link: string; imgUrl: string }): void;
}

interface WxConfig {
  appId: string;
  timestamp: number;
  nonceStr: string;
  signature: string;
}

const JS_API_LIST = ['updateAppMessageShareData', 'updateTimelineShareData'];
const TITLE = '微信网页授权示例';
const DESCRIPTION = '在微信中打开，授权后即可查看你的微信个人资料。';

function loadScript(src: string): Promise<boolean> {
  return new Promise((resolve) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.onload = () => resolve(true);
    script.onerror = () => {
      script.remove();
      resolve(false);
    };
    document.head.appendChild(script);
  });
}

async function loadJsSdk(scripts: readonly string[]): Promise<WeixinJsSdk | null> {
  for (const src of scripts) {
    if (await loadScript(src)) break;
  }
  return (window as unknown as { wx?: WeixinJsSdk }).wx ?? null;
}

/** A fresh signature for the URL the page is on, `#…` removed (WECHAT-PROTOCOL §15.3); null on any failure. */
async function fetchConfig(): Promise<WxConfig | null> {
  const url = location.href.split('#')[0] ?? '';
  try {
    const answer = await fetch(`/api/wechat/jssdk-config?url=${encodeURIComponent(url)}`, { cache: 'no-store' });
    return answer.ok ? ((await answer.json()) as WxConfig) : null;
  } catch {
    return null;
  }
}

/** Configures the JS-SDK and sets the share card to the landing page; one quiet retry, then nothing. */
export async function setUpShareCard(scripts: readonly string[]): Promise<void> {
  const wx = await loadJsSdk(scripts);
  if (!wx) return;
  const link = `${location.origin}/`;
  const imgUrl = `${location.origin}/icon.svg`;
  let retried = false;
  const configure = async () => {
    const config = await fetchConfig();
    if (config) wx.config({ ...config, debug: false, jsApiList: JS_API_LIST });
  };
  wx.ready(() => {
    wx.updateAppMessageShareData({ title: TITLE, desc: DESCRIPTION, link, imgUrl });
    wx.updateTimelineShareData({ title: TITLE, link, imgUrl });
  });
  // A stale ticket or a URL WeChat saw differently: one fresh signature, then the page simply has no share card.
  wx.error(() => {
    if (retried) return;
    retried = true;
    void configure();
  });
  await configure();
}
