import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getEnv } from '@/lib/env';
import { UPGRADE_TO_USERINFO_PATH, loadProfile, signInPath } from '@/lib/auth';
import { isWeChatBrowser } from '@/lib/http';
import { getSession } from '@/lib/session';
import { jssdkScripts } from '@/lib/wechat';
import { BaseProfileView } from '@/components/base-profile-view';
import { ProfileView } from '@/components/profile-view';
import { ShareCard } from '@/components/share-card';

export const dynamic = 'force-dynamic';

async function load() {
  const session = await getSession();
  if (!session) redirect(signInPath());
  const result = await loadProfile(session);
  if (result.kind === 'redirect') redirect(result.to);
  return result;
}

export async function generateMetadata(): Promise<Metadata> {
  const result = await load();
  return { title: result.kind === 'full' ? `${result.view.nickname}的个人主页` : '我的个人主页' };
}

// In mock mode avatars are served by the mock itself, since no machine running the mock may reach qlogo.cn.
function mockAvatar(url: string | null): string | null {
  return url ? url.replace(/^https:\/\/(thirdwx|wx)\.qlogo\.cn\//, '/mock-wechat/qlogo/') : null;
}

/** In WeChat only, after the page has rendered: the share card (CONTRACT: the profile page). */
async function shareCard(snapshot: boolean) {
  const requestHeaders = await headers();
  const inWeChat = isWeChatBrowser(requestHeaders.get('user-agent'));
  const sdk = jssdkScripts(getEnv(), { inWeChat, snapshot });
  return sdk && <ShareCard sdk={sdk} nonce={requestHeaders.get('x-nonce')} />;
}

export default async function ProfilePage() {
  const result = await load();
  const share = await shareCard(result.snapshot);
  if (result.kind === 'base') {
    return (
      <>
        <BaseProfileView openid={result.openid} snapshot={result.snapshot} upgradeHref={UPGRADE_TO_USERINFO_PATH} />
        {share}
      </>
    );
  }
  const view =
    getEnv().mode === 'mock' ? { ...result.view, avatarUrl: mockAvatar(result.view.avatarUrl) } : result.view;
  return (
    <>
      <ProfileView view={view} snapshot={result.snapshot} outdated={result.outdated} app={result.app} />
      {share}
    </>
  );
}
