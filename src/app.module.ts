import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { LoggerModule } from 'nestjs-pino';

import { AuthModule } from './auth/auth.module.js';
import { BroadcastModule } from './broadcast/broadcast.module.js';
import { ChatModule } from './chat/chat.module.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { InboxModule } from './inbox/inbox.module.js';
import { MessagesModule } from './messages/messages.module.js';
import { RoomsModule } from './rooms/rooms.module.js';
import { UploadsModule } from './uploads/uploads.module.js';
import { UsersModule } from './users/users.module.js';

/** An incoming X-Request-Id is kept (for tracing across a proxy) only when it looks like one. */
const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** The built SPA (client/dist), served at / with a fallback to index.html. */
const clientDist = join(dirname(fileURLToPath(import.meta.url)), '..', 'client', 'dist');

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          genReqId: (request, response) => {
            const given = request.headers['x-request-id'];
            const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
            response.setHeader('X-Request-Id', id);
            return id;
          },
          // Requests are logged by method, path and id only: no headers, no tokens.
          serializers: {
            req: (request: { id: string; method: string; url: string }) => ({
              id: request.id,
              method: request.method,
              url: request.url.split('?')[0],
            }),
            res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
          },
          autoLogging: { ignore: (request) => request.url === '/api/health' },
        },
      }),
    }),
    DatabaseModule,
    BroadcastModule,
    AuthModule,
    UsersModule,
    RoomsModule,
    InboxModule,
    MessagesModule,
    UploadsModule,
    ChatModule,
    HealthModule,
    ...(existsSync(join(clientDist, 'index.html'))
      ? [ServeStaticModule.forRoot({ rootPath: clientDist, exclude: ['/api/{*path}'] })]
      : []),
  ],
})
export class AppModule {}
