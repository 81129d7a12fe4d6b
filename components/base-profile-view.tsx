import type { ReactNode } from 'react';
import { LogoutForm } from './logout-form';
import { ProfileField } from './profile-field';
import { SnapshotBar, SnapshotNotice } from './snapshot-notice';

/** A snsapi_base session knows only the openid; the full profile needs the user's consent. */
export function BaseProfileView({
  openid,
  snapshot,
  upgradeHref,
  follow,
}: {
  openid: string;
  snapshot: boolean;
  /** Where the user asks for the full profile (snsapi_userinfo). */
  upgradeHref: string;
  /** The 公众号 row, when the session has one (it may arrive after the rest of the page). */
  follow?: ReactNode;
}) {
  return (
    <main className={`page profile${snapshot ? ' page_snapshot' : ''}`}>
      {snapshot && <SnapshotNotice />}
      <header className="profile__head">
        <h1 className="profile__name">已识别你的微信身份</h1>
        <p className="profile__desc">静默授权只能获得 openid。授权后可查看昵称、头像等完整资料。</p>
      </header>
      <h2 className="weui-cells__title" id="ids-title">
        微信标识
      </h2>
      <dl className="weui-cells">
        <ProfileField label="openid" value={openid} mono />
        {follow}
      </dl>
      <div className="weui-btn-area">
        <a className="weui-btn weui-btn_primary" href={upgradeHref}>
          获取完整资料
        </a>
      </div>
      {snapshot ? <SnapshotBar /> : <LogoutForm />}
    </main>
  );
}
