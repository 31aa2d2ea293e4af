import { render } from '@testing-library/react';

import { Avatar, initials } from './Avatar';

describe('Avatar', () => {
  it('makes initials from letters and digits only', () => {
    expect(initials('Ana Lima')).toBe('AL');
    expect(initials('bob')).toBe('BO');
    expect(initials('Bob <script>alert(1)</script>')).toBe('BS');
    expect(initials('<>')).toBe('?');
  });

  it('puts only an http(s) URL into an image', () => {
    const { container, rerender } = render(
      <Avatar name="ana" userId={1} url="javascript:alert(1)" />,
    );
    expect(container.querySelector('img')).toBeNull();
    rerender(<Avatar name="ana" userId={1} url="https://example.com/a.png" />);
    expect(container.querySelector('img')?.getAttribute('src')).toBe('https://example.com/a.png');
  });
});
