import { Module } from '@nestjs/common';

import { MessagesModule } from '../messages/messages.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { ChatFrameHandler } from './chat-frame-handler.js';
import { ChatHandshake } from './chat-handshake.js';
import { ChatGateway } from './chat.gateway.js';
import { ConnectionRegistry } from './connection-registry.js';
import { FrameBudget } from './frame-budget.js';
import { RoomFanout } from './room-fanout.js';
import { TypingTracker } from './typing-tracker.js';

/** Real time: the per-room WebSocket gateway (install ChatWsAdapter in app.setup.ts). */
@Module({
  imports: [RoomsModule, MessagesModule],
  providers: [
    ChatGateway,
    ChatHandshake,
    ChatFrameHandler,
    ConnectionRegistry,
    FrameBudget,
    RoomFanout,
    TypingTracker,
  ],
})
export class ChatModule {}
