import { ValidationPipe } from '@nestjs/common';
import type {
  NestExpressApplication,
  NestExpressBodyParserOptionsFor,
} from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';

import { ChatWsAdapter } from './chat/chat-ws.adapter.js';
import { AppErrorFilter } from './common/app-error.filter.js';
import { nestsDeeperThan } from './common/json-depth.js';
import { AppConfig } from './config/app-config.js';

/**
 * express.json with a depth limit read from the raw bytes (400 before parsing). Nest types
 * out `verify` because it uses it for `rawBody`, which this app does not enable.
 */
function jsonBodyOptions(config: AppConfig): NestExpressBodyParserOptionsFor<'json'> {
  const verify = (_request: unknown, _response: unknown, body: Buffer): void => {
    if (!nestsDeeperThan(body, config.jsonMaxDepth)) return;
    throw Object.assign(
      new Error(`The JSON body nests deeper than ${config.jsonMaxDepth} levels`),
      {
        status: 400,
        type: 'entity.too.deep',
      },
    );
  };
  return { limit: config.bodyLimit, verify } as NestExpressBodyParserOptionsFor<'json'>;
}

/** Everything main.ts wires around the module graph; the e2e tests call it too. */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api');
  // Behind a reverse proxy, the client's address comes from X-Forwarded-For (rate limits).
  app.set('trust proxy', config.trustProxy);
  app.useBodyParser('json', jsonBodyOptions(config));
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  app.useGlobalFilters(new AppErrorFilter());
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'img-src': ["'self'", 'data:', 'blob:', 'https:', 'http:'],
          // Uploads and voice messages play from the server; a recording's preview from a blob.
          'media-src': ["'self'", 'blob:'],
          'connect-src': ["'self'", 'ws:', 'wss:'],
          // Self-hosted servers often run on plain http inside a LAN.
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  app.enableCors({ origin: config.corsOrigins.length > 0 ? config.corsOrigins : false });
  app.useWebSocketAdapter(new ChatWsAdapter(app));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Fadmann')
      .setDescription(
        'The REST API of the Fadmann chat server. Log in with POST /api/auth/login, then ' +
          'press Authorize and paste the accessToken. Real time runs over ' +
          'WS /api/ws/{roomId}?token=…&since=… (see the README for the frames).',
      )
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
