import { normalizeWaveform, resampleWaveform } from './waveform';

/** A voice message is at most 15 minutes long: the recording stops there by itself. */
export const MAX_RECORDING_MS = 15 * 60 * 1000;
/** How often the level is read: the meter's refresh and the waveform's resolution. */
const LEVEL_INTERVAL_MS = 60;
/** Speech rarely passes a third of full scale: the meter would hardly move without a gain. */
const LEVEL_GAIN = 3;

/** The server takes voice messages only as Opus in WebM or Ogg. */
const VOICE_TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus'];

export interface RecordedVoice {
  file: File;
  durationMs: number;
  /** 1-128 integers 0-255. */
  waveform: number[];
}

export class RecordingError extends Error {
  override name = 'RecordingError';
}

/** The first Opus container this browser records, or null. */
export function pickVoiceMimeType(): string | null {
  if (typeof MediaRecorder === 'undefined' || typeof MediaRecorder.isTypeSupported !== 'function')
    return null;
  return VOICE_TYPES.find((type) => MediaRecorder.isTypeSupported(type)) ?? null;
}

/** Why the microphone could not be used, said plainly. */
export function microphoneErrorText(error: unknown): string {
  if (error instanceof RecordingError) return error.message;
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Microphone access was refused. Allow it in the browser’s site settings to record a voice message.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The microphone cannot be read: another application may be using it.';
    default:
      return 'The recording could not start.';
  }
}

/**
 * One recording from the microphone: MediaRecorder for the Opus audio, an AnalyserNode for
 * the live level, whose samples become the waveform. Ends with finish() or cancel(); both
 * release the microphone.
 */
export class VoiceRecording {
  private readonly chunks: Blob[] = [];
  private readonly levels: number[] = [];
  private readonly startedAt = performance.now();
  private stoppedAt: number | null = null;
  private stopping: Promise<Blob> | null = null;
  private readonly sampler: ReturnType<typeof setInterval>;
  private readonly capTimer: ReturnType<typeof setTimeout>;

  private constructor(
    private readonly stream: MediaStream,
    private readonly recorder: MediaRecorder,
    private readonly context: AudioContext | null,
    private readonly analyser: AnalyserNode | null,
    private readonly onLevel: (level: number) => void,
  ) {
    recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size > 0) this.chunks.push(event.data);
    });
    // Chunks every second: a long recording is not one buffer handed over at the end.
    recorder.start(1000);
    this.sampler = setInterval(() => this.sample(), LEVEL_INTERVAL_MS);
    this.capTimer = setTimeout(() => void this.stop(), MAX_RECORDING_MS);
  }

  /** Asks for the microphone and starts recording. */
  static async start(onLevel: (level: number) => void = () => {}): Promise<VoiceRecording> {
    const mimeType = pickVoiceMimeType();
    if (!mimeType)
      throw new RecordingError('This browser cannot record Opus audio, which voice messages need.');
    if (!navigator.mediaDevices?.getUserMedia)
      throw new RecordingError('This browser cannot use the microphone here (it needs https).');
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    try {
      const recorder = new MediaRecorder(stream, { mimeType });
      const { context, analyser } = openAnalyser(stream);
      return new VoiceRecording(stream, recorder, context, analyser, onLevel);
    } catch (error) {
      stream.getTracks().forEach((track) => track.stop());
      throw error;
    }
  }

  get mimeType(): string {
    return this.recorder.mimeType || pickVoiceMimeType() || 'audio/webm';
  }

  /** True once stopped (finished, cancelled, or at the 15-minute cap). */
  get stopped(): boolean {
    return this.stoppedAt !== null;
  }

  elapsedMs(): number {
    return Math.min(MAX_RECORDING_MS, (this.stoppedAt ?? performance.now()) - this.startedAt);
  }

  /** Stops recording (the microphone is released); the audio is kept for finish(). */
  stop(): Promise<Blob> {
    if (this.stopping) return this.stopping;
    this.stoppedAt = performance.now();
    clearInterval(this.sampler);
    clearTimeout(this.capTimer);
    this.stopping = new Promise<Blob>((resolve) => {
      // The recorder is stopped before the tracks: its last chunk arrives before `stop`.
      const done = () => {
        this.release();
        resolve(new Blob(this.chunks, { type: this.mimeType }));
      };
      if (this.recorder.state === 'inactive') return done();
      this.recorder.addEventListener('stop', done, { once: true });
      try {
        this.recorder.stop();
      } catch {
        done();
      }
    });
    return this.stopping;
  }

  /** The recording as a voice message upload: the file, its duration and waveform. */
  async finish(): Promise<RecordedVoice> {
    const blob = await this.stop();
    const extension = this.mimeType.startsWith('audio/ogg') ? 'ogg' : 'webm';
    const type = this.mimeType.split(';')[0];
    return {
      file: new File([blob], `voice-message.${extension}`, { type }),
      durationMs: Math.max(1, Math.round(this.elapsedMs())),
      waveform: normalizeWaveform(resampleWaveform(this.levels)),
    };
  }

  /** Stops and throws the audio away. */
  cancel(): void {
    void this.stop();
    // Released now, not when the recorder gets round to `stop`.
    this.release();
    this.chunks.length = 0;
  }

  private sample(): void {
    if (!this.analyser) return;
    const data = new Uint8Array(this.analyser.fftSize);
    this.analyser.getByteTimeDomainData(data);
    let sum = 0;
    for (const v of data) sum += ((v - 128) / 128) ** 2;
    const level = Math.min(255, Math.round(Math.sqrt(sum / data.length) * 255 * LEVEL_GAIN));
    this.levels.push(level);
    this.onLevel(level);
  }

  private released = false;

  private release(): void {
    if (this.released) return;
    this.released = true;
    clearInterval(this.sampler);
    clearTimeout(this.capTimer);
    this.stream.getTracks().forEach((track) => track.stop());
    void this.context?.close().catch(() => undefined);
  }
}

function openAnalyser(stream: MediaStream): {
  context: AudioContext | null;
  analyser: AnalyserNode | null;
} {
  // Without Web Audio the recording still works, with a flat meter and waveform.
  if (typeof AudioContext === 'undefined') return { context: null, analyser: null };
  const context = new AudioContext();
  void context.resume().catch(() => undefined);
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  context.createMediaStreamSource(stream).connect(analyser);
  return { context, analyser };
}
