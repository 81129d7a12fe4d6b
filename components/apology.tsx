'use client';

/** The plain apology of the error boundaries: what went wrong is in the server's log, never on the page. */
export function Apology({ onRetry }: { onRetry: () => void }) {
  return (
    <main className="page msg">
      <div className="msg__icon msg__icon_warn" aria-hidden="true" />
      <h1 className="msg__title">抱歉，出错了</h1>
      <p className="msg__desc">页面暂时无法显示。请稍后重试。</p>
      <div className="weui-btn-area">
        <button type="button" className="weui-btn weui-btn_primary" onClick={onRetry}>
          重试
        </button>
        <a className="weui-btn weui-btn_default" href="/">
          返回首页
        </a>
      </div>
    </main>
  );
}
