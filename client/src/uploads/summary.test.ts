import type { Attachment } from '../api/types';
import { messageSummary } from './summary';

const file = (id: number, kind: Attachment['kind'], name: string): Attachment => ({
  id,
  kind,
  name,
  mimeType: 'application/octet-stream',
  size: 1,
  url: `/api/uploads/${id}/content`,
});

describe('messageSummary', () => {
  it('is the text when there is text', () => {
    expect(messageSummary('hello', [file(1, 'file', 'a.pdf')])).toBe('hello');
  });

  it('names a single attachment, or a voice message', () => {
    expect(messageSummary('', [file(1, 'image', 'cat.png')])).toBe('📎 cat.png');
    expect(messageSummary('', [file(2, 'voice', 'voice-message.webm')])).toBe('🎤 Voice message');
  });

  it('counts several', () => {
    expect(messageSummary('', [file(1, 'file', 'a'), file(2, 'file', 'b')])).toBe(
      '📎 2 attachments',
    );
  });

  it('is empty for a message with neither (a tombstone)', () => {
    expect(messageSummary('', [])).toBe('');
  });
});
