import { type KeyboardEvent, type MouseEvent, useEffect, useRef, useState } from 'react';

import type { Attachment } from '../api/types';
import { formatDuration } from '../uploads/format';
import { barHeights } from './waveform';

const BAR_COUNT = 48;
/** Arrow keys move this far; Page keys ten times as far. */
const STEP_SECONDS = 5;

/** Only one voice message plays at a time. */
let playing: HTMLAudioElement | null = null;

/**
 * A voice message: play/pause, the waveform as a seek slider whose played bars are
 * coloured, and the duration (the elapsed time once started).
 */
export function VoicePlayer({ attachment }: { attachment: Attachment }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [isPlaying, setPlaying] = useState(false);
  const [position, setPosition] = useState(0);
  const [mediaDuration, setMediaDuration] = useState<number | null>(null);
  const duration =
    attachment.durationMs && attachment.durationMs > 0
      ? attachment.durationMs / 1000
      : (mediaDuration ?? 0);
  const bars = barHeights(attachment.waveform, BAR_COUNT);
  const played = duration > 0 ? Math.min(1, position / duration) : 0;
  const started = isPlaying || position > 0;

  useEffect(() => {
    const element = audio.current;
    return () => {
      if (playing === element) playing = null;
    };
  }, []);

  function toggle() {
    const element = audio.current;
    if (!element) return;
    if (!element.paused) return element.pause();
    if (playing && playing !== element) playing.pause();
    playing = element;
    // A refusal (no user gesture, an unplayable file) leaves the button on "Play".
    void Promise.resolve(element.play()).catch(() => setPlaying(false));
  }

  function seek(seconds: number) {
    const to = Math.min(Math.max(0, seconds), duration || 0);
    setPosition(to);
    const element = audio.current;
    if (element) {
      try {
        element.currentTime = to;
      } catch {
        // Not seekable before its metadata: the position is kept and applied on play.
      }
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    const moves: Record<string, number> = {
      ArrowLeft: position - STEP_SECONDS,
      ArrowDown: position - STEP_SECONDS,
      ArrowRight: position + STEP_SECONDS,
      ArrowUp: position + STEP_SECONDS,
      PageDown: position - STEP_SECONDS * 10,
      PageUp: position + STEP_SECONDS * 10,
      Home: 0,
      End: duration,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    seek(moves[event.key]);
  }

  function onClick(event: MouseEvent<HTMLDivElement>) {
    const box = event.currentTarget.getBoundingClientRect();
    if (box.width <= 0) return;
    seek(((event.clientX - box.left) / box.width) * duration);
  }

  return (
    <div className={`voice-player${isPlaying ? ' playing' : ''}`}>
      <button
        type="button"
        className="voice-toggle"
        aria-label={isPlaying ? 'Pause voice message' : 'Play voice message'}
        onClick={toggle}
      >
        <span aria-hidden="true">{isPlaying ? '❚❚' : '▶'}</span>
      </button>
      <div
        className="voice-wave"
        role="slider"
        tabIndex={0}
        aria-label="Seek"
        aria-valuemin={0}
        aria-valuemax={Math.round(duration)}
        aria-valuenow={Math.round(position)}
        aria-valuetext={`${formatDuration(position * 1000)} of ${formatDuration(duration * 1000)}`}
        onKeyDown={onKeyDown}
        onClick={onClick}
      >
        {bars.map((height, i) => (
          <span
            key={i}
            className={(i + 0.5) / bars.length <= played ? 'voice-bar played' : 'voice-bar'}
            style={{ height: `${Math.max(8, Math.round(height * 100))}%` }}
          />
        ))}
      </div>
      <span className="voice-time">{formatDuration((started ? position : duration) * 1000)}</span>
      <audio
        ref={audio}
        src={attachment.url}
        preload="metadata"
        onPlay={() => {
          setPlaying(true);
          // A position chosen before the audio could seek.
          const element = audio.current;
          if (element && Math.abs(element.currentTime - position) > 0.5)
            element.currentTime = position;
        }}
        onPause={() => setPlaying(false)}
        onEnded={() => {
          setPlaying(false);
          setPosition(0);
        }}
        onTimeUpdate={(event) => setPosition(event.currentTarget.currentTime)}
        onLoadedMetadata={(event) => {
          const seconds = event.currentTarget.duration;
          if (Number.isFinite(seconds) && seconds > 0) setMediaDuration(seconds);
        }}
      />
    </div>
  );
}
