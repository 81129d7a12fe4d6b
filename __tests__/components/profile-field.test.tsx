/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import { FollowField, ProfileField } from '@/components/profile-field';
import type { FollowView } from '@/lib/wechat/profile';

function renderField(value: string | null | undefined) {
  return render(
    <dl>
      <ProfileField label="城市" value={value} />
    </dl>,
  );
}

describe('<ProfileField>', () => {
  it('pairs the label with its value', () => {
    renderField('深圳');
    expect(screen.getByRole('term')).toHaveTextContent('城市');
    expect(screen.getByRole('definition')).toHaveTextContent('深圳');
  });

  it.each([null, undefined, '', '   '])('shows 未公开 for the empty value %p', (value) => {
    renderField(value);
    expect(screen.getByRole('definition')).toHaveTextContent(/^未公开$/);
  });
});

describe('<FollowField>', () => {
  const FOLLOW_URL = 'https://mp.weixin.qq.com/s/follow-us';
  function renderFollow(view: FollowView, followUrl: string | null = FOLLOW_URL) {
    return render(
      <dl>
        <FollowField view={view} followUrl={followUrl} />
      </dl>,
    );
  }

  it('says 已关注 with the date and the channel of the follow, and offers no follow button', () => {
    renderFollow({ following: true, since: '2019年3月15日', channel: '扫描二维码' });
    expect(screen.getByRole('term')).toHaveTextContent('公众号');
    expect(screen.getByRole('definition')).toHaveTextContent(/^已关注2019年3月15日 · 扫描二维码$/);
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('says 已关注 with the date alone when WeChat names no channel, and nothing more without a date', () => {
    const { unmount } = renderFollow({ following: true, since: '2019年3月15日', channel: null });
    expect(screen.getByRole('definition')).toHaveTextContent(/^已关注2019年3月15日$/);
    unmount();
    renderFollow({ following: true, since: null, channel: null });
    expect(screen.getByRole('definition')).toHaveTextContent(/^已关注$/);
  });

  it('says 未关注 with a 关注公众号 link to WECHAT_FOLLOW_URL', () => {
    renderFollow({ following: false });
    expect(screen.getByRole('definition')).toHaveTextContent(/^未关注关注公众号$/);
    expect(screen.getByRole('link', { name: '关注公众号' })).toHaveAttribute('href', FOLLOW_URL);
  });

  it('says 未关注 without a button when no follow URL is configured', () => {
    renderFollow({ following: false }, null);
    expect(screen.getByRole('definition')).toHaveTextContent(/^未关注$/);
    expect(screen.queryByRole('link')).toBeNull();
  });
});
