'use client';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main className="page msg">
      <div className="msg__icon msg__icon_warn" aria-hidden="true" />
      <h1 className="msg__title">抱歉，出错了</h1>
      <p className="msg__desc">页面暂时无法显示。请稍后重试。</p>
      <div className="weui-btn-area">
        <button type="button" className="weui-btn weui-btn_primary" onClick={reset}>
          重试
        </button>
        <a className="weui-btn weui-btn_default" href="/">
          返回首页
        </a>
      </div>
    </main>
  );
}
