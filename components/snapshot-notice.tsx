import { LogoutForm } from './logout-form';

/**
 * WECHAT-PROTOCOL §3: in snapshot mode the identity is virtual, and the real page needs WeChat's own
 * 「使用完整服务」 button at the bottom right; users miss it, so a pointer sits next to it as well.
 */
export function SnapshotNotice() {
  return (
    <div className="notice" role="status" aria-labelledby="snapshot-title">
      <p id="snapshot-title" className="notice__title">
        当前为快照页预览，显示的不是你的真实资料
      </p>
      <p className="notice__desc">
        请轻触屏幕<strong>右下角</strong>的「使用完整服务」，授权后即可查看你的个人主页。
      </p>
    </div>
  );
}

/**
 * The bottom bar of a snapshot page: the pointer to 「使用完整服务」 and the logout button share one row, so the
 * pointer can never cover the button, whatever the screen's height; the page's bottom padding keeps the bar off
 * the last cell once scrolled to the end.
 */
export function SnapshotBar() {
  return (
    <div className="snapshot-bar">
      <LogoutForm className="snapshot-bar__logout" />
      <p className="snapshot-pointer" aria-hidden="true">
        轻触右下角「使用完整服务」 ↘
      </p>
    </div>
  );
}
