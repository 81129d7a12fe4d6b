/** WECHAT-PROTOCOL §3: in snapshot mode the identity is virtual; the real page needs 「使用完整服务」. */
export function SnapshotNotice() {
  return (
    <aside className="notice notice_snapshot" role="status">
      <p className="notice__title">当前为快照页预览，显示的不是你的真实资料</p>
      <p className="notice__desc">
        请轻触屏幕<strong>右下角</strong>的「使用完整服务」，授权后即可查看你的个人主页。
      </p>
      <span className="notice__arrow" aria-hidden="true">↘</span>
    </aside>
  );
}
