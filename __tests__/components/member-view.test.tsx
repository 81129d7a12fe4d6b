/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import { MemberView } from '@/components/profile-view';
import { toMemberView } from '@/lib/wechat/profile';
import type { StoredMember } from '@/lib/session/session';

const MEMBER: StoredMember = {
  userid: 'zhangsan',
  name: '张三',
  position: '产品经理',
  detail: { gender: '2', avatar: 'http://wework.qpic.cn/wwhead/abc/0', email: 'z@example.com', mobile: '138****8000' },
};

const cells = () =>
  Object.fromEntries(
    screen.getAllByRole('term').map((term) => [term.textContent, term.nextElementSibling?.textContent]),
  );

describe('<MemberView>: a WeCom member’s card (CONTRACT: the profile page)', () => {
  it('shows the name as the heading, then 账号, 职务, the privateinfo rows and 登录方式 企业微信', () => {
    const { container } = render(<MemberView view={toMemberView(MEMBER)} outdated={false} />);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('张三');
    expect(cells()).toEqual({
      账号: 'zhangsan',
      职务: '产品经理',
      性别: '女',
      邮箱: 'z@example.com',
      手机: '138****8000',
      登录方式: '企业微信',
    });
    expect(screen.getByRole('img')).toHaveAttribute('src', 'https://wework.qpic.cn/wwhead/abc/0');
    expect(container.innerHTML).not.toMatch(/13800138000/);
    expect(screen.getByRole('button', { name: '退出登录' })).toBeInTheDocument();
  });

  it('without privateinfo: no avatar and no private rows; an empty name and position fall back', () => {
    render(<MemberView view={toMemberView({ ...MEMBER, name: '', position: '', detail: null })} outdated />);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('zhangsan');
    expect(cells()).toEqual({ 账号: 'zhangsan', 职务: '未公开', 登录方式: '企业微信' });
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.getByText(/企业微信暂时无法响应/)).toBeInTheDocument();
  });

  it.each(['https://evil.example/a.png', 'javascript:alert(1)', ''])(
    'shows the placeholder for the avatar %j',
    (avatar) => {
      const detail = { ...MEMBER.detail!, avatar };
      render(<MemberView view={toMemberView({ ...MEMBER, detail })} outdated={false} />);
      expect(screen.getByRole('img')).toHaveAttribute('aria-label', '张三的头像（未设置）');
    },
  );
});
