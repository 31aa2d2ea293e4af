import { Module } from '@nestjs/common';

import { InboxModule } from '../inbox/inbox.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { ChatFrameHandler } from './chat-frame-handler.js';
import { ChatHandshake } from './chat-handshake.js';
import { ChatGateway } from './chat.gateway.js';
import { ConnectionRegistry } from './connection-registry.js';
import { FrameBudget } from './frame-budget.js';
import { RoomActivityNotifier } from './room-activity.js';
import { TopicFanout } from './topic-fanout.js';
import { TypingTracker } from './typing-tracker.js';

/** Real time: the per-user and room sockets' gateway (install ChatWsAdapter in app.setup.ts). */
@Module({
  imports: [RoomsModule, MessagesModule, InboxModule],
  providers: [
    ChatGateway,
    ChatHandshake,
    ChatFrameHandler,
    ConnectionRegistry,
    FrameBudget,
    RoomActivityNotifier,
    TopicFanout,
    TypingTracker,
  ],
})
export class ChatModule {}
