import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { getEnv } from '@/lib/env';
import { signInPath } from '@/lib/auth/links';
import { loadFollow, loadProfile } from '@/lib/auth/renewal';
import { isWeChatBrowser } from '@/lib/http/request';
import { getSession, type Session } from '@/lib/session/session';
import { backendFor } from '@/lib/wechat/backend';
import { jssdkScripts } from '@/lib/wechat/jssdk';
import type { FollowView } from '@/lib/wechat/profile';
import { BaseProfileView } from '@/components/base-profile-view';
import { FollowField } from '@/components/profile-field';
import { MemberView, ProfileView } from '@/components/profile-view';
import { ShareCard } from '@/components/share-card';

export const dynamic = 'force-dynamic';

async function load() {
  const session = await getSession();
  if (!session) redirect(signInPath());
  const result = await loadProfile(session);
  if (result.kind === 'redirect') redirect(result.to);
  return { session, result };
}

export async function generateMetadata(): Promise<Metadata> {
  const { result } = await load();
  if (result.kind === 'member') return { title: `${result.view.name}的个人主页` };
  return { title: result.kind === 'full' ? `${result.view.nickname}的个人主页` : '我的个人主页' };
}

/** In WeChat only, after the page has rendered: the share card (CONTRACT: the profile page). */
async function shareCard(snapshot: boolean) {
  const requestHeaders = await headers();
  const inWeChat = isWeChatBrowser(requestHeaders.get('user-agent'));
  const sdk = jssdkScripts(getEnv(), { inWeChat, snapshot });
  return sdk && <ShareCard sdk={sdk} nonce={requestHeaders.get('x-nonce')} />;
}

async function FollowRow({ follow }: { follow: Promise<FollowView | null> }) {
  const view = await follow;
  return view && <FollowField view={view} followUrl={getEnv().followUrl} />;
}

/** Streamed in behind the profile: the page is painted without waiting for cgi-bin/user/info. */
function followRow(session: Session) {
  const follow = loadFollow(session);
  return (
    follow && (
      <Suspense fallback={null}>
        <FollowRow follow={follow} />
      </Suspense>
    )
  );
}

export default async function ProfilePage() {
  const { session, result } = await load();
  if (result.kind === 'member') {
    const avatarUrl = backendFor(getEnv()).avatarUrl(result.view.private?.avatarUrl ?? null);
    const view = { ...result.view, private: result.view.private && { ...result.view.private, avatarUrl } };
    return <MemberView view={view} outdated={result.outdated} />;
  }
  const follow = followRow(session);
  const share = await shareCard(result.snapshot);
  if (result.kind === 'base') {
    return (
      <>
        <BaseProfileView
          openid={result.openid}
          snapshot={result.snapshot}
          upgradeHref={signInPath({ scope: 'snsapi_userinfo' })}
          follow={follow}
        />
        {share}
      </>
    );
  }
  const view = { ...result.view, avatarUrl: backendFor(getEnv()).avatarUrl(result.view.avatarUrl) };
  return (
    <>
      <ProfileView view={view} snapshot={result.snapshot} outdated={result.outdated} app={result.app} follow={follow} />
      {share}
    </>
  );
}
