import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { Composer } from './Composer';

function setup() {
  const onSend = vi.fn();
  const onKeystroke = vi.fn();
  const onStopTyping = vi.fn();
  render(
    <Composer
      roomName="general"
      onSend={onSend}
      onKeystroke={onKeystroke}
      onStopTyping={onStopTyping}
    />,
  );
  return {
    onSend,
    onKeystroke,
    onStopTyping,
    box: screen.getByRole('textbox', { name: 'Message' }),
  };
}

describe('Composer', () => {
  it('sends on Enter and starts a new line on Shift+Enter', async () => {
    const { onSend, box } = setup();
    await userEvent.type(box, 'first line{Shift>}{Enter}{/Shift}second line{Enter}');
    expect(onSend).toHaveBeenCalledWith('first line\nsecond line');
    expect((box as HTMLTextAreaElement).value).toBe('');
  });

  it('sends nothing blank', async () => {
    const { onSend, box } = setup();
    await userEvent.type(box, '   {Enter}');
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
  });

  it('reports typing, and its end on blur', async () => {
    const { onKeystroke, onStopTyping, box } = setup();
    await userEvent.type(box, 'hi');
    expect(onKeystroke).toHaveBeenCalledTimes(2);
    await userEvent.tab();
    expect(onStopTyping).toHaveBeenCalled();
  });

  it('refuses a message over 4000 characters', async () => {
    const { onSend, box } = setup();
    await userEvent.click(box);
    await userEvent.paste('x'.repeat(4001));
    await userEvent.keyboard('{Enter}');
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('4001 / 4000');
  });
});
