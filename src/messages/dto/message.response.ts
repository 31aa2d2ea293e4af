import { ApiProperty } from '@nestjs/swagger';

import type { MessagePayload } from '../../broadcast/room-event.js';
import { UserSummary } from '../../users/dto/profile.response.js';
import type { Message } from '../message.entity.js';

export class MessageResponse implements MessagePayload {
  @ApiProperty({ example: 1042 })
  id: number;

  @ApiProperty({ example: 1 })
  roomId: number;

  @ApiProperty({ example: 17, description: 'Per-room event number: gap-free, the resume cursor' })
  seq: number;

  @ApiProperty({ type: String, nullable: true, example: '0f8c6a2e-5b0d-4d47-9b1e-8d7f0b3f7c11' })
  clientId: string | null;

  @ApiProperty({ type: UserSummary })
  author: UserSummary;

  @ApiProperty({ example: 'Hello!', description: 'Plain text, never HTML' })
  content: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  editedAt: string | null;

  static of(
    message: Pick<
      Message,
      'id' | 'roomId' | 'seq' | 'clientId' | 'content' | 'createdAt' | 'editedAt'
    >,
    author: Pick<UserSummary, 'id' | 'username' | 'displayName'>,
  ): MessageResponse {
    return {
      id: message.id,
      roomId: message.roomId,
      seq: message.seq,
      clientId: message.clientId,
      author: UserSummary.of(author),
      content: message.content,
      createdAt: message.createdAt.toISOString(),
      editedAt: message.editedAt?.toISOString() ?? null,
    };
  }
}

export class MessagePageResponse {
  @ApiProperty({ type: [MessageResponse], description: 'Ascending by seq' })
  messages: MessageResponse[];

  @ApiProperty({ description: 'More messages exist beyond this page in the paging direction' })
  hasMore: boolean;
}
