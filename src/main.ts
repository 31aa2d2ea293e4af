import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';

import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { HttpDrain } from './common/http-drain.js';
import { AppConfig, loadConfig } from './config/app-config.js';

/** How long a shutdown waits for requests in flight before it closes the rest. */
const DRAIN_TIMEOUT_MS = 10_000;

async function bootstrap(): Promise<void> {
  try {
    loadConfig(); // fail fast, with every bad variable listed, before anything starts
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  configureApp(app);
  const config = app.get(AppConfig);
  const drain = new HttpDrain(app.getHttpServer());
  await app.listen(config.port, config.host);

  // SIGTERM (systemd, an orchestrator) or Ctrl-C: answer what is in flight, close the
  // sockets with 1001, then the database, and exit 0 (a clean stop, not a kill).
  const logger = new Logger('Shutdown');
  const shutdown = async (signal: string): Promise<void> => {
    logger.log(`${signal}: shutting down, answering the requests in flight`);
    const { unanswered } = await drain.drain(DRAIN_TIMEOUT_MS);
    if (unanswered > 0) logger.warn(`${unanswered} requests unanswered after the drain`);
    await app.close();
    logger.log('Stopped');
    // Exit by running out of work, so that the log is flushed; a handle left open cannot
    // hold the process longer than a moment.
    process.exitCode = 0;
    setTimeout(() => process.exit(), 2000).unref();
  };
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.once(signal, () =>
      shutdown(signal).catch((error: unknown) => {
        logger.error(error, 'Shutdown failed');
        process.exit(1);
      }),
    );
  }
}

void bootstrap();
