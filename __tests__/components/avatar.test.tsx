/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import { Avatar } from '@/components/avatar';

describe('<Avatar>', () => {
  it('shows an https avatar named after the user, without sending a referrer', () => {
    render(<Avatar src="https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132" nickname="恩爸" />);
    const img = screen.getByRole('img', { name: '恩爸的头像' });
    expect(img).toHaveAttribute('src', 'https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132');
    expect(img).toHaveAttribute('referrerpolicy', 'no-referrer');
  });

  it('asks the phone to fetch the avatar before anything else, since it is the largest thing on the page', () => {
    render(<Avatar src="https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132" nickname="恩爸" />);
    expect(screen.getByRole('img', { name: '恩爸的头像' })).toHaveAttribute('fetchpriority', 'high');
  });

  it('shows a same-origin avatar path (the mock serves its avatars itself)', () => {
    render(<Avatar src="/mock-wechat/qlogo/mmopen/vi_32/abc/132" nickname="恩爸" />);
    expect(screen.getByRole('img', { name: '恩爸的头像' })).toHaveAttribute(
      'src',
      '/mock-wechat/qlogo/mmopen/vi_32/abc/132',
    );
  });

  it.each([
    null,
    undefined,
    '',
    'javascript:alert(1)',
    'http://thirdwx.qlogo.cn/a/132',
    'data:image/png;base64,AAAA',
    '//evil.example/a.png',
    'not a url',
  ])('shows a labelled placeholder, never an image, for the unusable source %p', (src) => {
    const { container } = render(<Avatar src={src} nickname="恩爸" />);
    expect(screen.getByRole('img', { name: '恩爸的头像（未设置）' })).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect(container.innerHTML).not.toContain('javascript:');
  });
});
