/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import { ProfileField } from '@/components/profile-field';

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
