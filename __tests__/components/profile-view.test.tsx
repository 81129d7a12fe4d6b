/** @jest-environment jsdom */
import { render, screen, within } from '@testing-library/react';
import { FollowField } from '@/components/profile-field';
import { ProfileView } from '@/components/profile-view';
import { toProfileView } from '@/lib/wechat/profile';
import type { UserInfo } from '@/lib/wechat/schemas';

const FULL: UserInfo = {
  openid: 'oFull0001',
  unionid: 'uFull0001',
  nickname: '张小明',
  sex: 1,
  province: '广东',
  city: '深圳',
  country: '中国',
  headimgurl: 'http://thirdwx.qlogo.cn/mmopen/vi_32/abc/0',
  privilege: ['chinaunicom', 'PRIVILEGE2'],
};
const POST_2021: UserInfo = {
  ...FULL,
  unionid: undefined,
  sex: 0,
  province: '',
  city: '',
  country: '',
  headimgurl: '',
  privilege: [],
};

function renderProfile(info: UserInfo, options: { snapshot?: boolean; outdated?: boolean; app?: 'mp' | 'open' } = {}) {
  return render(
    <ProfileView
      view={toProfileView(info)}
      snapshot={options.snapshot ?? false}
      outdated={options.outdated ?? false}
      app={options.app}
    />,
  );
}

/** The value cell next to a label cell, or null when the row is absent. */
function valueOf(label: string): string | null {
  const term = screen.queryAllByRole('term').find((t) => t.textContent === label);
  return term?.nextElementSibling?.textContent ?? null;
}

describe('<ProfileView>', () => {
  it('shows every field WeChat sent: nickname, sex, region, openid, unionid and privilege', () => {
    renderProfile(FULL);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('张小明');
    expect(valueOf('性别')).toBe('男');
    expect(valueOf('省份')).toBe('广东');
    expect(valueOf('城市')).toBe('深圳');
    expect(valueOf('国家')).toBe('中国');
    expect(valueOf('openid')).toBe('oFull0001');
    expect(valueOf('unionid')).toBe('uFull0001');
    expect(valueOf('特权')).toBe('微信沃卡用户（中国联通）、未说明的特权（PRIVILEGE2）');
  });

  it('shows the nickname once, as the heading, not again in a 昵称 row', () => {
    renderProfile(FULL);
    expect(screen.getAllByText('张小明')).toHaveLength(1);
    expect(valueOf('昵称')).toBeNull();
  });

  it('says a user signed in by a QR scan, whose openid is the website app’s, and says nothing of it otherwise', () => {
    renderProfile(FULL, { app: 'open' });
    expect(valueOf('登录方式')).toBe('微信扫码登录（网站应用）');
    expect(valueOf('openid')).toBe('oFull0001');
    expect(valueOf('unionid')).toBe('uFull0001');
  });

  it('has no 登录方式 row for a sign-in in WeChat', () => {
    renderProfile(FULL, { app: 'mp' });
    expect(valueOf('登录方式')).toBeNull();
  });

  it('shows the avatar over https at 132 px, named after the user and sent without a referrer', () => {
    renderProfile(FULL);
    const avatar = screen.getByRole('img', { name: '张小明的头像' });
    expect(avatar).toHaveAttribute('src', 'https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132');
    expect(avatar).toHaveAttribute('referrerpolicy', 'no-referrer');
  });

  it('shows 未知 for the sex and 未公开 for the empty region of a post-2021 user, never a blank, undefined or null', () => {
    renderProfile(POST_2021);
    expect(valueOf('性别')).toBe('未知');
    for (const label of ['省份', '城市', '国家']) expect(valueOf(label)).toBe('未公开');
    for (const cell of screen.getAllByRole('definition'))
      expect(cell.textContent?.trim()).not.toMatch(/^$|undefined|null/);
  });

  it('leaves out unionid and privilege when WeChat sent none', () => {
    renderProfile(POST_2021);
    expect(valueOf('unionid')).toBeNull();
    expect(valueOf('特权')).toBeNull();
  });

  it('shows a labelled placeholder instead of an image when there is no avatar', () => {
    renderProfile(POST_2021);
    expect(screen.getByRole('img', { name: '张小明的头像（未设置）' }).tagName).toBe('DIV');
    expect(document.querySelector('img')).toBeNull();
  });

  it('keeps a hostile nickname as text: no element, no handler, no markup', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { container } = renderProfile({ ...FULL, nickname: hostile, city: '"><script>alert(2)</script>' });
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(hostile);
    expect(valueOf('城市')).toBe('"><script>alert(2)</script>');
    expect(container.querySelector('img[src="x"], script, [onerror]')).toBeNull();
    expect(screen.getByRole('img', { name: `${hostile}的头像` })).toHaveAttribute(
      'src',
      'https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132',
    );
  });

  it('tells a snapshot user to tap 「使用完整服务」 at the bottom right', () => {
    renderProfile(FULL, { snapshot: true });
    const notice = screen.getByRole('status');
    expect(notice).toHaveTextContent('当前为快照页预览，显示的不是你的真实资料');
    expect(notice).toHaveTextContent('请轻触屏幕右下角的「使用完整服务」，授权后即可查看你的个人主页。');
  });

  it('shows no snapshot notice to a real user', () => {
    renderProfile(FULL);
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.queryByText(/使用完整服务/)).toBeNull();
  });

  it('says when the profile shown is the last one fetched because WeChat did not answer', () => {
    renderProfile(FULL, { outdated: true });
    expect(screen.getByText('微信暂时无法响应，以下是上次获取的资料。')).toBeInTheDocument();
  });

  it('ends the 微信标识 list with the 公众号 row it is given, and has none without one', () => {
    const { rerender } = renderProfile(FULL);
    expect(valueOf('公众号')).toBeNull();
    rerender(
      <ProfileView
        view={toProfileView(FULL)}
        snapshot={false}
        outdated={false}
        follow={<FollowField view={{ following: false }} followUrl={null} />}
      />,
    );
    const terms = within(screen.getByText('openid').closest('dl')!).getAllByRole('term');
    expect(terms.map((term) => term.textContent)).toEqual(['openid', 'unionid', '特权', '公众号']);
    expect(valueOf('公众号')).toBe('未关注');
  });

  it('offers logout as a POST form to /auth/logout', () => {
    renderProfile(FULL);
    const form = screen.getByRole('button', { name: '退出登录' }).closest('form');
    expect(form).toHaveAttribute('method', 'post');
    expect(form).toHaveAttribute('action', '/auth/logout');
    expect(within(form!).getByRole('button', { name: '退出登录' })).toHaveAttribute('type', 'submit');
  });
});
