import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import type { AuthUser } from '../auth/auth-user.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { MessagePageResponse, MessageResponse } from './dto/message.response.js';
import { HistoryQueryDto, SendMessageDto } from './dto/send-message.dto.js';
import { Message } from './message.entity.js';
import { MessageWriter, Sender, SendResult } from './message-writer.js';

const DEFAULT_PAGE = 50;

@Injectable()
export class MessagesService {
  constructor(
    @InjectRepository(Message) private readonly messages: Repository<Message>,
    private readonly rooms: RoomsService,
    private readonly writer: MessageWriter,
  ) {}

  /**
   * The one way a message is stored, from REST and sockets alike: the caller has checked
   * membership and validated the content. Resolves after the commit and the broadcast.
   */
  send(
    sender: Sender,
    roomId: number,
    content: string,
    clientId: string | null,
  ): Promise<SendResult> {
    return this.writer.write(sender, roomId, content, clientId);
  }

  /** REST send: members only. */
  async post(user: AuthUser, roomId: number, input: SendMessageDto): Promise<SendResult> {
    await this.rooms.requireMember(user.id, roomId);
    return this.send(user, roomId, input.content, input.clientId ?? null);
  }

  /** A page of history, ascending by seq, through the (roomId, seq) index. */
  async history(roomId: number, query: HistoryQueryDto): Promise<MessagePageResponse> {
    await this.rooms.require(roomId);
    const limit = query.limit ?? DEFAULT_PAGE;
    const forwards = query.after !== undefined;
    const page = this.messages
      .createQueryBuilder('message')
      .innerJoinAndSelect('message.author', 'author')
      .where('message.roomId = :roomId', { roomId })
      .orderBy('message.seq', forwards ? 'ASC' : 'DESC')
      .limit(limit + 1);
    if (query.after !== undefined) page.andWhere('message.seq > :after', { after: query.after });
    if (query.before !== undefined)
      page.andWhere('message.seq < :before', { before: query.before });
    const rows = await page.getMany();
    const hasMore = rows.length > limit;
    const messages = rows
      .slice(0, limit)
      .map((message) => MessageResponse.of(message, message.author!));
    if (!forwards) messages.reverse();
    return { messages, hasMore };
  }

  /** Messages after `seq` for a resuming socket, oldest first, at most `limit`. */
  async since(roomId: number, seq: number, limit: number): Promise<MessageResponse[]> {
    const page = await this.history(roomId, { after: seq, limit });
    return page.messages;
  }
}
