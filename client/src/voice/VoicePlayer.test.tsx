import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { Attachment } from '../api/types';
import { VoicePlayer } from './VoicePlayer';

const voice: Attachment = {
  id: 4,
  kind: 'voice',
  name: 'voice-message.webm',
  mimeType: 'audio/webm',
  size: 20_000,
  durationMs: 65_000,
  waveform: [0, 64, 128, 255],
  url: '/api/uploads/4/content?expires=1&signature=s',
};

function setup() {
  // jsdom plays nothing: play and pause fire the events a browser would.
  const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(function (
    this: HTMLMediaElement,
  ) {
    Object.defineProperty(this, 'paused', { value: false, configurable: true });
    this.dispatchEvent(new Event('play'));
    return Promise.resolve();
  });
  vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(function (
    this: HTMLMediaElement,
  ) {
    Object.defineProperty(this, 'paused', { value: true, configurable: true });
    this.dispatchEvent(new Event('pause'));
  });
  render(<VoicePlayer attachment={voice} />);
  const slider = screen.getByRole('slider', { name: 'Seek' });
  const audio = document.querySelector('audio')!;
  return { play, slider, audio };
}

describe('VoicePlayer', () => {
  it('shows the duration, a seek slider over the waveform and a play button', () => {
    const { slider, audio } = setup();
    expect(screen.getByText('1:05')).toBeTruthy();
    expect(slider.getAttribute('aria-valuemin')).toBe('0');
    expect(slider.getAttribute('aria-valuemax')).toBe('65');
    expect(slider.getAttribute('aria-valuenow')).toBe('0');
    expect(slider.querySelectorAll('.voice-bar').length).toBeGreaterThan(0);
    expect(slider.querySelectorAll('.voice-bar.played')).toHaveLength(0);
    expect(audio.getAttribute('src')).toBe(voice.url);
    expect(screen.getByRole('button', { name: 'Play voice message' })).toBeTruthy();
  });

  it('plays and pauses, and shows the elapsed time and the played bars while playing', async () => {
    const { play, slider, audio } = setup();
    await userEvent.click(screen.getByRole('button', { name: 'Play voice message' }));
    expect(play).toHaveBeenCalledTimes(1);
    const pause = screen.getByRole('button', { name: 'Pause voice message' });

    audio.currentTime = 32.5;
    fireEvent.timeUpdate(audio);
    expect(slider.getAttribute('aria-valuenow')).toBe('33');
    expect(screen.getByText('0:32')).toBeTruthy();
    const bars = slider.querySelectorAll('.voice-bar');
    const played = slider.querySelectorAll('.voice-bar.played').length;
    expect(played).toBeGreaterThan(0);
    expect(played).toBeLessThan(bars.length);
    // The played bars are the first ones.
    expect(bars[0].classList.contains('played')).toBe(true);
    expect(bars[bars.length - 1].classList.contains('played')).toBe(false);

    await userEvent.click(pause);
    expect(screen.getByRole('button', { name: 'Play voice message' })).toBeTruthy();
  });

  it('seeks with the keyboard: arrows by 5 s, Home and End', () => {
    const { slider, audio } = setup();
    slider.focus();
    fireEvent.keyDown(slider, { key: 'ArrowRight' });
    fireEvent.keyDown(slider, { key: 'ArrowRight' });
    expect(slider.getAttribute('aria-valuenow')).toBe('10');
    expect(audio.currentTime).toBe(10);
    fireEvent.keyDown(slider, { key: 'ArrowLeft' });
    expect(slider.getAttribute('aria-valuenow')).toBe('5');
    fireEvent.keyDown(slider, { key: 'End' });
    expect(slider.getAttribute('aria-valuenow')).toBe('65');
    expect(slider.getAttribute('aria-valuetext')).toBe('1:05 of 1:05');
    fireEvent.keyDown(slider, { key: 'ArrowRight' });
    expect(slider.getAttribute('aria-valuenow')).toBe('65');
    fireEvent.keyDown(slider, { key: 'Home' });
    expect(slider.getAttribute('aria-valuenow')).toBe('0');
  });

  it('seeks where the waveform is clicked', () => {
    const { slider } = setup();
    vi.spyOn(slider, 'getBoundingClientRect').mockReturnValue({
      left: 100,
      width: 200,
      top: 0,
      height: 20,
      right: 300,
      bottom: 20,
      x: 100,
      y: 0,
      toJSON: () => ({}),
    });
    fireEvent.click(slider, { clientX: 150 });
    // A quarter of 65 s.
    expect(slider.getAttribute('aria-valuenow')).toBe('16');
    expect(slider.querySelectorAll('.voice-bar.played').length).toBeGreaterThan(0);
  });
});
