import { HttpException, HttpStatus } from '@nestjs/common';

/** The refusals only uploads have: 413 (too large) and 415 (not what it claims). */
export class UploadError extends HttpException {
  constructor(kind: 'too_large' | 'unsupported', message: string) {
    const status =
      kind === 'too_large' ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    super(
      {
        statusCode: status,
        message,
        error: kind === 'too_large' ? 'Payload Too Large' : 'Unsupported Media Type',
      },
      status,
    );
  }
}
