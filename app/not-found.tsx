export default function NotFound() {
  return (
    <main className="page msg">
      <div className="msg__icon msg__icon_info" aria-hidden="true" />
      <h1 className="msg__title">页面不存在</h1>
      <p className="msg__desc">你访问的页面不存在或已被移除。</p>
      <div className="weui-btn-area">
        <a className="weui-btn weui-btn_primary" href="/">
          返回首页
        </a>
      </div>
    </main>
  );
}
