import { useEffect, useRef, useState } from 'react';

import type { Attachment } from '../api/types';
import { Icon } from '../chat/icons';
import { formatDuration } from '../uploads/format';
import { refusalText } from '../uploads/refusal';
import type { UploadFn } from '../uploads/uploadQueue';
import { isAbort } from '../uploads/xhrUpload';
import { MAX_RECORDING_MS, microphoneErrorText, VoiceRecording } from './recorder';

type Phase =
  | { name: 'idle' }
  | { name: 'starting' }
  | { name: 'recording'; recording: VoiceRecording }
  | { name: 'sending'; progress: number; controller: AbortController };

interface VoiceRecorderProps {
  upload: UploadFn;
  /** The voice message is uploaded: send it (as a message with empty content). */
  onSend: (attachment: Attachment) => void;
  disabled?: boolean;
}

/**
 * The microphone button, then the recording bar: running time, live level, cancel, send.
 * Sending uploads the recording with kind=voice, its duration and waveform.
 */
export function VoiceRecorder({ upload, onSend, disabled }: VoiceRecorderProps) {
  const [phase, setPhase] = useState<Phase>({ name: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [level, setLevel] = useState(0);
  const [elapsed, setElapsed] = useState(0);
  const current = useRef<VoiceRecording | null>(null);
  const sending = useRef<AbortController | null>(null);
  // Bumped by a cancel or by leaving: a microphone granted after that is released at once.
  const attempt = useRef(0);

  const recording = phase.name === 'recording' ? phase.recording : null;
  useEffect(() => {
    if (!recording) return;
    const timer = setInterval(() => setElapsed(recording.elapsedMs()), 250);
    return () => clearInterval(timer);
  }, [recording]);

  // Leaving the room while recording releases the microphone (and stops a send under way).
  useEffect(
    () => () => {
      attempt.current += 1;
      current.current?.cancel();
      sending.current?.abort();
    },
    [],
  );

  async function start() {
    setError(null);
    setElapsed(0);
    setLevel(0);
    setPhase({ name: 'starting' });
    const mine = ++attempt.current;
    try {
      const started = await VoiceRecording.start(setLevel);
      if (mine !== attempt.current) return started.cancel();
      current.current = started;
      setPhase({ name: 'recording', recording: started });
    } catch (caught) {
      if (mine !== attempt.current) return;
      setError(microphoneErrorText(caught));
      setPhase({ name: 'idle' });
    }
  }

  function cancel() {
    attempt.current += 1;
    current.current?.cancel();
    current.current = null;
    setPhase({ name: 'idle' });
  }

  async function send(from: VoiceRecording) {
    current.current = null;
    const controller = new AbortController();
    sending.current = controller;
    setPhase({ name: 'sending', progress: 0, controller });
    let type = '';
    try {
      const voice = await from.finish();
      type = voice.file.type;
      const attachment = await upload(voice.file, {
        signal: controller.signal,
        onProgress: (progress) => setPhase({ name: 'sending', progress, controller }),
        fields: {
          kind: 'voice',
          durationMs: String(voice.durationMs),
          waveform: JSON.stringify(voice.waveform),
        },
      });
      onSend(attachment);
    } catch (caught) {
      if (!isAbort(caught)) setError(refusalText('The voice message', type, caught));
    }
    sending.current = null;
    setPhase({ name: 'idle' });
  }

  if (phase.name === 'recording' || phase.name === 'sending') {
    const capped = phase.name === 'recording' && elapsed >= MAX_RECORDING_MS;
    return (
      <div className="voice-recorder" role="group" aria-label="Voice message">
        {phase.name === 'recording' ? (
          <>
            <span className={`voice-dot${capped ? ' stopped' : ''}`} aria-hidden="true" />
            <span className="voice-elapsed" aria-label="Recording time">
              {formatDuration(elapsed)}
            </span>
            <span
              className="voice-meter"
              role="meter"
              aria-label="Microphone level"
              aria-valuemin={0}
              aria-valuemax={255}
              aria-valuenow={capped ? 0 : level}
            >
              <span style={{ width: `${capped ? 0 : Math.round((level / 255) * 100)}%` }} />
            </span>
            {capped && <span className="voice-note">15 minutes reached: recording stopped.</span>}
            <button type="button" className="button ghost small" onClick={cancel}>
              Cancel recording
            </button>
            <button
              type="button"
              className="button primary small"
              onClick={() => void send(phase.recording)}
            >
              Send voice message
            </button>
          </>
        ) : (
          <>
            <span className="voice-note">Sending voice message…</span>
            <span
              className="upload-progress"
              role="progressbar"
              aria-label="Sending voice message"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={phase.progress}
            >
              <span className="upload-progress-bar" style={{ width: `${phase.progress}%` }} />
            </span>
            <button
              type="button"
              className="button ghost small"
              onClick={() => phase.controller.abort()}
            >
              Cancel sending
            </button>
          </>
        )}
      </div>
    );
  }

  return (
    <>
      <button
        type="button"
        className="composer-tool"
        aria-label="Record a voice message"
        title="Record a voice message"
        disabled={disabled || phase.name === 'starting'}
        onClick={() => void start()}
      >
        <Icon name="microphone" size={18} />
      </button>
      {error && (
        <p className="voice-error" role="alert">
          {error}
          <button
            type="button"
            className="link-button"
            aria-label="Dismiss"
            onClick={() => setError(null)}
          >
            ✕
          </button>
        </p>
      )}
    </>
  );
}
