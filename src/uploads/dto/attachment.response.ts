import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import type { Attachment, AttachmentKind } from '../../contract/messages.js';
import { MAX_WAVEFORM_LENGTH } from '../../contract/uploads.js';

export class AttachmentResponse implements Attachment {
  @ApiProperty({ example: 12 })
  id: number;

  @ApiProperty({ enum: ['image', 'audio', 'voice', 'video', 'file'] })
  kind: AttachmentKind;

  @ApiProperty({ example: 'photo.jpg', description: 'As the uploader named it (no folders)' })
  name: string;

  @ApiProperty({ example: 'image/jpeg', description: 'Found from the bytes, not the claim' })
  mimeType: string;

  @ApiProperty({ example: 48213, description: 'Bytes, as stored (images after re-encoding)' })
  size: number;

  @ApiPropertyOptional({ description: 'Images: pixels, as shown' })
  width?: number;

  @ApiPropertyOptional({ description: 'Images: pixels, as shown' })
  height?: number;

  @ApiPropertyOptional({ description: 'Voice messages' })
  durationMs?: number;

  @ApiPropertyOptional({
    type: [Number],
    maxItems: MAX_WAVEFORM_LENGTH,
    description: 'Voice messages: levels 0-255 as the recorder measured them',
  })
  waveform?: number[];

  @ApiProperty({
    example: '/api/uploads/12/content?expires=1767139200&signature=…',
    description: 'Signed; works without a header for at least 24 h',
  })
  url: string;

  @ApiPropertyOptional({
    example: '/api/uploads/12/thumbnail?expires=1767139200&signature=…',
    description: 'Images: a WebP of at most 400 px',
  })
  thumbnailUrl?: string;
}
