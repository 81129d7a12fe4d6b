/** @jest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import { Apology } from '@/components/apology';

describe('<Apology>, the error boundaries’ page', () => {
  it('says sorry in plain words, with a retry and a way home, and nothing of what went wrong', () => {
    const onRetry = jest.fn();
    const { container } = render(<Apology onRetry={onRetry} />);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('抱歉，出错了');
    expect(screen.getByRole('link', { name: '返回首页' })).toHaveAttribute('href', '/');
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(container.textContent).not.toMatch(/Error|at \w+ \(/);
  });
});
