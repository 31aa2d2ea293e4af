import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';

import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { AppConfig, loadConfig } from './config/app-config.js';

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
  await app.listen(config.port, config.host);
}

void bootstrap();
