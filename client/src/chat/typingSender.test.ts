import { TYPING_IDLE_MS, TYPING_RENEW_MS, TypingSender } from './typingSender';

describe(TypingSender.name, () => {
  let now = 0;
  let frames: boolean[] = [];
  let sender: TypingSender;

  beforeEach(() => {
    vi.useFakeTimers();
    now = 0;
    frames = [];
    sender = new TypingSender(
      (isTyping) => {
        frames.push(isTyping);
        return true;
      },
      () => now,
    );
  });

  afterEach(() => vi.useRealTimers());

  it('sends one start for a burst of keystrokes, renewing it while typing goes on', () => {
    for (let i = 0; i < 10; i += 1) {
      sender.keystroke();
      now += 100;
    }
    expect(frames).toEqual([true]);
    now = TYPING_RENEW_MS;
    sender.keystroke();
    expect(frames).toEqual([true, true]);
  });

  it('sends a stop after a pause, and on stop() only when typing', () => {
    sender.keystroke();
    vi.advanceTimersByTime(TYPING_IDLE_MS);
    expect(frames).toEqual([true, false]);
    sender.stop();
    expect(frames).toEqual([true, false]);
  });

  it('tries again on the next keystroke when the frame could not be sent', () => {
    const send = vi.fn(() => false);
    const offline = new TypingSender(send, () => now);
    offline.keystroke();
    now += 10;
    offline.keystroke();
    offline.stop();
    expect(send.mock.calls).toEqual([[true], [true]]);
  });
});
