/** A plain POST form, so signing out works without JS and cannot be triggered by a cross-site link. */
export function LogoutForm({ className = 'weui-btn-area' }: { className?: string }) {
  return (
    <form method="post" action="/auth/logout" className={className}>
      <button type="submit" className="weui-btn weui-btn_default">
        退出登录
      </button>
    </form>
  );
}
