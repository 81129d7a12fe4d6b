import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getEnv } from '@/lib/env';
import { UPGRADE_TO_USERINFO_PATH, loadProfile, signInPath } from '@/lib/auth';
import { getSession } from '@/lib/session';
import { BaseProfileView } from '@/components/base-profile-view';
import { ProfileView } from '@/components/profile-view';

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

export default async function ProfilePage() {
  const result = await load();
  if (result.kind === 'base') {
    return <BaseProfileView openid={result.openid} snapshot={result.snapshot} upgradeHref={UPGRADE_TO_USERINFO_PATH} />;
  }
  const view =
    getEnv().mode === 'mock' ? { ...result.view, avatarUrl: mockAvatar(result.view.avatarUrl) } : result.view;
  return <ProfileView view={view} snapshot={result.snapshot} outdated={result.outdated} app={result.app} />;
}
