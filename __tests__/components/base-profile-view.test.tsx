/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import { BaseProfileView } from '@/components/base-profile-view';
import { FollowField } from '@/components/profile-field';
import { signInPath } from '@/lib/auth/links';

const UPGRADE = signInPath({ scope: 'snsapi_userinfo' });

describe('<BaseProfileView>', () => {
  it('shows the openid that silent authorization gave', () => {
    render(<BaseProfileView openid="oBase0001" snapshot={false} upgradeHref={UPGRADE} />);
    expect(screen.getByRole('term')).toHaveTextContent('openid');
    expect(screen.getByRole('definition')).toHaveTextContent('oBase0001');
  });

  it('asks for the full profile with the link /profile passes: snsapi_userinfo, back to /profile', () => {
    render(<BaseProfileView openid="oBase0001" snapshot={false} upgradeHref={UPGRADE} />);
    expect(screen.getByRole('link', { name: '获取完整资料' })).toHaveAttribute(
      'href',
      '/auth/wechat?scope=snsapi_userinfo&returnTo=%2Fprofile',
    );
  });

  it('shows the 公众号 row it is given under the openid', () => {
    render(
      <BaseProfileView
        openid="oBase0001"
        snapshot={false}
        upgradeHref={UPGRADE}
        follow={<FollowField view={{ following: true, since: '2019年3月15日', channel: null }} followUrl={null} />}
      />,
    );
    expect(screen.getAllByRole('term').map((term) => term.textContent)).toEqual(['openid', '公众号']);
    expect(screen.getAllByRole('definition')[1]).toHaveTextContent('已关注2019年3月15日');
  });

  it('keeps a hostile openid as text', () => {
    const { container } = render(
      <BaseProfileView openid={'<img src=x onerror=alert(1)>'} snapshot={false} upgradeHref={UPGRADE} />,
    );
    expect(screen.getByRole('definition')).toHaveTextContent('<img src=x onerror=alert(1)>');
    expect(container.querySelector('img')).toBeNull();
  });

  it('tells a snapshot user where 「使用完整服务」 is', () => {
    render(<BaseProfileView openid="oBase0001" snapshot upgradeHref={UPGRADE} />);
    expect(screen.getByRole('status')).toHaveTextContent('右下角的「使用完整服务」');
  });

  it('offers logout as a POST form to /auth/logout', () => {
    render(<BaseProfileView openid="oBase0001" snapshot={false} upgradeHref={UPGRADE} />);
    const form = screen.getByRole('button', { name: '退出登录' }).closest('form');
    expect(form).toHaveAttribute('method', 'post');
    expect(form).toHaveAttribute('action', '/auth/logout');
  });
});
