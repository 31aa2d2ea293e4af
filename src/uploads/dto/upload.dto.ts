import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { MAX_VOICE_MS, MAX_WAVEFORM_LENGTH } from '../../contract/uploads.js';

/** The multipart form of POST /api/uploads, for the API description (read by busboy). */
export class UploadForm {
  @ApiProperty({ type: 'string', format: 'binary', description: 'One file' })
  file: unknown;

  @ApiPropertyOptional({ enum: ['voice'], description: 'A voice message (Opus in WebM or Ogg)' })
  kind?: 'voice';

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_VOICE_MS,
    description: 'With kind=voice: its duration',
  })
  durationMs?: number;

  @ApiPropertyOptional({
    type: 'string',
    example: '[0,12,80,255,40]',
    description: `With kind=voice: a JSON array of 1 to ${MAX_WAVEFORM_LENGTH} integers 0-255`,
  })
  waveform?: string;
}
