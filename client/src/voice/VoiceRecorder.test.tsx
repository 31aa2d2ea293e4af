import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { Attachment } from '../api/types';
import type { UploadFn } from '../uploads/uploadQueue';
import { VoiceRecorder } from './VoiceRecorder';

/** MediaRecorder as a browser with Opus in Ogg only (Firefox-like) has it. */
class FakeMediaRecorder extends EventTarget {
  static instances: FakeMediaRecorder[] = [];
  static isTypeSupported = (type: string) => type === 'audio/ogg;codecs=opus';
  state: 'inactive' | 'recording' = 'inactive';
  constructor(
    readonly stream: MediaStream,
    readonly options: { mimeType: string },
  ) {
    super();
    FakeMediaRecorder.instances.push(this);
  }
  get mimeType() {
    return this.options.mimeType;
  }
  start() {
    this.state = 'recording';
  }
  stop() {
    this.state = 'inactive';
    const data = new Blob(['OggS-opus-bytes'], { type: this.mimeType });
    this.dispatchEvent(Object.assign(new Event('dataavailable'), { data }));
    this.dispatchEvent(new Event('stop'));
  }
}

/** An analyser that hears a steady tone: the level meter moves and the waveform is not flat. */
class FakeAudioContext {
  createAnalyser() {
    return {
      fftSize: 1024,
      getByteTimeDomainData(data: Uint8Array) {
        data.forEach((_, i) => (data[i] = i % 2 ? 160 : 96));
      },
    };
  }
  createMediaStreamSource() {
    return { connect: () => undefined };
  }
  resume = () => Promise.resolve();
  close = () => Promise.resolve();
}

function installMedia(getUserMedia: () => Promise<MediaStream>) {
  FakeMediaRecorder.instances = [];
  vi.stubGlobal('MediaRecorder', FakeMediaRecorder);
  vi.stubGlobal('AudioContext', FakeAudioContext);
  Object.defineProperty(navigator, 'mediaDevices', {
    value: { getUserMedia: vi.fn(getUserMedia) },
    configurable: true,
  });
}

function microphone() {
  const track = { stop: vi.fn() };
  const stream = { getTracks: () => [track] } as unknown as MediaStream;
  return { track, stream };
}

const uploaded: Attachment = {
  id: 31,
  kind: 'voice',
  name: 'voice-message.ogg',
  mimeType: 'audio/ogg',
  size: 15,
  durationMs: 300,
  waveform: [255],
  url: '/api/uploads/31/content',
};

describe('VoiceRecorder', () => {
  afterEach(() => {
    Reflect.deleteProperty(navigator, 'mediaDevices');
  });

  it('records, shows the time and a live level, and sends an Opus upload with its duration and waveform', async () => {
    const mic = microphone();
    installMedia(async () => mic.stream);
    const upload = vi.fn<UploadFn>(async () => uploaded);
    const onSend = vi.fn();
    render(<VoiceRecorder upload={upload} onSend={onSend} />);

    await userEvent.click(screen.getByRole('button', { name: 'Record a voice message' }));
    expect(navigator.mediaDevices.getUserMedia).toHaveBeenCalledWith({ audio: true });
    expect(FakeMediaRecorder.instances[0].options.mimeType).toBe('audio/ogg;codecs=opus');
    expect(screen.getByText('0:00')).toBeTruthy();
    const meter = screen.getByRole('meter', { name: 'Microphone level' });
    await waitFor(() => expect(Number(meter.getAttribute('aria-valuenow'))).toBeGreaterThan(0));

    await userEvent.click(screen.getByRole('button', { name: 'Send voice message' }));
    await waitFor(() => expect(onSend).toHaveBeenCalledWith(uploaded));
    expect(mic.track.stop).toHaveBeenCalled();
    const [file, options] = upload.mock.calls[0];
    expect(file.name).toBe('voice-message.ogg');
    expect(file.type).toBe('audio/ogg');
    expect(options.fields?.kind).toBe('voice');
    expect(Number(options.fields?.durationMs)).toBeGreaterThanOrEqual(1);
    const waveform = JSON.parse(options.fields!.waveform) as number[];
    expect(waveform.length).toBeGreaterThanOrEqual(1);
    expect(waveform.length).toBeLessThanOrEqual(128);
    // A steady tone, normalised: the loudest bar is full height.
    expect(Math.max(...waveform)).toBe(255);
    expect(waveform.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
    // Back to the microphone button.
    expect(screen.getByRole('button', { name: 'Record a voice message' })).toBeTruthy();
  });

  it('cancels: the microphone is released and nothing is uploaded', async () => {
    const mic = microphone();
    installMedia(async () => mic.stream);
    const upload = vi.fn<UploadFn>(async () => uploaded);
    const onSend = vi.fn();
    render(<VoiceRecorder upload={upload} onSend={onSend} />);
    await userEvent.click(screen.getByRole('button', { name: 'Record a voice message' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel recording' }));
    expect(mic.track.stop).toHaveBeenCalled();
    expect(upload).not.toHaveBeenCalled();
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.queryByRole('button', { name: 'Send voice message' })).toBeNull();
  });

  it('says plainly that the microphone was refused', async () => {
    installMedia(async () => {
      throw new DOMException('Permission denied', 'NotAllowedError');
    });
    render(<VoiceRecorder upload={vi.fn()} onSend={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Record a voice message' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Microphone access was refused.',
    );
    expect(screen.queryByRole('button', { name: 'Send voice message' })).toBeNull();
  });

  it('says so when the browser cannot record Opus', async () => {
    installMedia(async () => microphone().stream);
    vi.spyOn(FakeMediaRecorder, 'isTypeSupported').mockReturnValue(false);
    render(<VoiceRecorder upload={vi.fn()} onSend={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Record a voice message' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'This browser cannot record Opus audio',
    );
    expect(navigator.mediaDevices.getUserMedia).not.toHaveBeenCalled();
  });

  it('shows a refused upload and sends nothing', async () => {
    installMedia(async () => microphone().stream);
    const onSend = vi.fn();
    const upload = vi.fn<UploadFn>(async () => {
      throw new Error('disk full');
    });
    render(<VoiceRecorder upload={upload} onSend={onSend} />);
    await userEvent.click(screen.getByRole('button', { name: 'Record a voice message' }));
    await userEvent.click(screen.getByRole('button', { name: 'Send voice message' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The voice message could not be uploaded: disk full',
    );
    expect(onSend).not.toHaveBeenCalled();
  });

  it('releases a microphone granted after the recorder is gone', async () => {
    const mic = microphone();
    let grant: (stream: MediaStream) => void = () => undefined;
    installMedia(() => new Promise((resolve) => (grant = resolve)));
    const view = render(<VoiceRecorder upload={vi.fn()} onSend={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Record a voice message' }));
    view.unmount();
    grant(mic.stream);
    await waitFor(() => expect(mic.track.stop).toHaveBeenCalled());
  });
});
