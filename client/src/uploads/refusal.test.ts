import { ApiError } from '../api/http';
import { claimedFamily, refusalText } from './refusal';

describe('refusalText', () => {
  it('says a voice message was not Opus in the server’s terms', () => {
    const error = new ApiError(
      415,
      'voice-message.webm: a voice message must be Opus audio in WebM or Ogg',
    );
    expect(refusalText('The voice message', 'audio/webm', error)).toBe(
      'The voice message is not an Opus recording (WebM or Ogg)',
    );
  });

  it('says the default limit when a 413 does not give one', () => {
    expect(refusalText('a.zip', 'application/zip', new ApiError(413, 'Payload Too Large'))).toBe(
      'a.zip is too big (the limit is 25 MB)',
    );
  });

  it('says a file that claims no family is not what its name says', () => {
    expect(refusalText('x.bin', '', new ApiError(415, 'nope'))).toBe(
      'x.bin is not the kind of file its name says',
    );
  });
});

describe('claimedFamily', () => {
  it('reads the type first, then the extension; SVG claims nothing', () => {
    expect(claimedFamily('a.bin', 'video/mp4')).toBe('video');
    expect(claimedFamily('clip.MOV', '')).toBe('video');
    expect(claimedFamily('drawing.svg', 'image/svg+xml')).toBeNull();
    expect(claimedFamily('notes.txt', 'text/plain')).toBeNull();
  });
});
