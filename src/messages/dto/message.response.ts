import { ApiProperty } from '@nestjs/swagger';

import { AttachmentResponse } from '../../uploads/dto/attachment.response.js';
import type {
  Attachment,
  Message,
  MessagePage,
  MessagesAround,
  PinState,
  ReactionSummary,
  ReplyTo,
  UserRef,
} from '../../contract/messages.js';
import { REPLY_EXCERPT_LENGTH } from '../../contract/messages.js';
import { UserSummary } from '../../users/dto/profile.response.js';

/** The OpenAPI description of the contract's shapes (src/contract/messages.ts). */

export class UserRefResponse implements UserRef {
  @ApiProperty({ example: 7 })
  id: number;

  @ApiProperty({ example: 'ana' })
  username: string;
}

export class ReactionResponse implements ReactionSummary {
  @ApiProperty({ example: '👍', description: 'One Unicode emoji' })
  emoji: string;

  @ApiProperty({ example: 3 })
  count: number;

  @ApiProperty({ description: 'You reacted with it (always false in live `message` frames)' })
  me: boolean;
}

export class ReplyToResponse implements ReplyTo {
  @ApiProperty({ example: 1040 })
  id: number;

  @ApiProperty({ example: 15 })
  seq: number;

  @ApiProperty({ type: UserSummary })
  author: UserSummary;

  @ApiProperty({
    example: 'Shall we ship on Friday?',
    description: `Its first ${REPLY_EXCERPT_LENGTH} characters now; "" once it is deleted`,
  })
  excerpt: string;
}

export class MessageResponse implements Message {
  @ApiProperty({ example: 1042 })
  id: number;

  @ApiProperty({ example: 1 })
  roomId: number;

  @ApiProperty({
    example: 17,
    description: "The seq of the message's creation: per-room event number, gap-free",
  })
  seq: number;

  @ApiProperty({ type: String, nullable: true, example: '0f8c6a2e-5b0d-4d47-9b1e-8d7f0b3f7c11' })
  clientId: string | null;

  @ApiProperty({ type: UserSummary })
  author: UserSummary;

  @ApiProperty({
    example: 'Hello **team**!',
    description:
      'Markdown as sent (trimmed); clients render it without raw HTML or images. "" once deleted',
  })
  content: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  editedAt: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Set when deleted: the message stays as a tombstone',
  })
  deletedAt: string | null;

  @ApiProperty({ type: ReplyToResponse, nullable: true })
  replyTo: ReplyTo | null;

  @ApiProperty({
    type: [UserRefResponse],
    description: 'Members named as @username (case-insensitive), resolved at send and at edit',
  })
  mentions: UserRef[];

  @ApiProperty({ description: 'The content has @room or @all' })
  mentionsRoom: boolean;

  @ApiProperty({ type: [ReactionResponse], description: 'In order of first use' })
  reactions: ReactionSummary[];

  @ApiProperty({ type: [AttachmentResponse] })
  attachments: Attachment[];

  @ApiProperty()
  pinned: boolean;
}

export class MessagePageResponse implements MessagePage {
  @ApiProperty({ type: [MessageResponse], description: 'Ascending by seq' })
  messages: Message[];

  @ApiProperty({ description: 'More messages exist beyond this page in the paging direction' })
  hasMore: boolean;
}

export class MessagesAroundResponse implements MessagesAround {
  @ApiProperty({ type: [MessageResponse], description: 'Ascending by seq' })
  messages: Message[];

  @ApiProperty()
  hasMoreBefore: boolean;

  @ApiProperty()
  hasMoreAfter: boolean;
}

export class PinStateResponse implements PinState {
  @ApiProperty()
  pinned: boolean;
}
