import type { ReactNode } from 'react';
import type { MemberView as MemberViewModel, ProfileView as ProfileViewModel } from '@/lib/wechat/profile';
import { Avatar } from './avatar';
import { LogoutForm } from './logout-form';
import { ProfileField } from './profile-field';
import { SnapshotBar, SnapshotNotice } from './snapshot-notice';

export interface ProfileViewProps {
  view: ProfileViewModel;
  snapshot: boolean;
  outdated: boolean;
  /** The app the user signed in through; the openid is that app's (WECHAT-PROTOCOL §17). */
  app?: 'mp' | 'open';
  /** The 公众号 row, when the session has one (it may arrive after the rest of the page). */
  follow?: ReactNode;
}

export function ProfileView({ view, snapshot, outdated, app = 'mp', follow }: ProfileViewProps) {
  return (
    <main className={`page profile${snapshot ? ' page_snapshot' : ''}`}>
      {snapshot && <SnapshotNotice />}
      <header className="profile__head">
        <Avatar src={view.avatarUrl} nickname={view.nickname} />
        <h1 className="profile__name">{view.nickname}</h1>
      </header>
      {outdated && <p className="weui-cells__tips">微信暂时无法响应，以下是上次获取的资料。</p>}
      <h2 className="weui-cells__title" id="basic-title">
        基本资料
      </h2>
      <dl className="weui-cells">
        <ProfileField label="性别" value={view.sexLabel} />
        <ProfileField label="省份" value={view.province} />
        <ProfileField label="城市" value={view.city} />
        <ProfileField label="国家" value={view.country} />
      </dl>
      <h2 className="weui-cells__title" id="ids-title">
        微信标识
      </h2>
      <dl className="weui-cells">
        {app === 'open' && <ProfileField label="登录方式" value="微信扫码登录（网站应用）" />}
        <ProfileField label="openid" value={view.openid} mono />
        {view.unionid && <ProfileField label="unionid" value={view.unionid} mono />}
        {view.privilege.length > 0 && <ProfileField label="特权" value={view.privilege.join('、')} />}
        {follow}
      </dl>
      {snapshot ? <SnapshotBar /> : <LogoutForm />}
    </main>
  );
}

/** A WeCom member's card (WECHAT-PROTOCOL §19.3): no share card, no follow row; the mobile arrives masked. */
export function MemberView({ view, outdated }: { view: MemberViewModel; outdated: boolean }) {
  const personal = view.private;
  return (
    <main className="page profile">
      <header className="profile__head">
        {personal && <Avatar src={personal.avatarUrl} nickname={view.name} />}
        <h1 className="profile__name">{view.name}</h1>
      </header>
      {outdated && <p className="weui-cells__tips">企业微信暂时无法响应，以下是上次获取的资料。</p>}
      <h2 className="weui-cells__title">成员资料</h2>
      <dl className="weui-cells">
        <ProfileField label="账号" value={view.userid} mono />
        <ProfileField label="职务" value={view.position} />
        {personal && (
          <>
            <ProfileField label="性别" value={personal.genderLabel} />
            <ProfileField label="邮箱" value={personal.email} />
            <ProfileField label="手机" value={personal.mobile} mono />
          </>
        )}
        <ProfileField label="登录方式" value="企业微信" />
      </dl>
      <LogoutForm />
    </main>
  );
}
