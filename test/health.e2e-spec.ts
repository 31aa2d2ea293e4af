import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';

import { createApp, TestApp } from './support/create-app.js';

describe('operations', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createApp();
  });

  afterAll(() => app.close());

  it('answers health with the database up', async () => {
    const response = await request(app.url).get('/api/health').expect(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.details.database.status).toBe('up');
  });

  it('serves the OpenAPI document with every route', async () => {
    const response = await request(app.url).get('/api/docs-json').expect(200);
    expect(response.body.openapi).toMatch(/^3\./);
    const paths = Object.keys(response.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/auth/refresh',
        '/api/auth/logout',
        '/api/auth/me',
        '/api/users/{id}/profile',
        '/api/rooms',
        '/api/rooms/{id}',
        '/api/rooms/{id}/members',
        '/api/rooms/{id}/members/me',
        '/api/rooms/{id}/read',
        '/api/rooms/{id}/messages',
        '/api/health',
      ]),
    );
    expect(response.body.components.securitySchemes.bearer).toBeDefined();
  });

  it('serves a valid OpenAPI 3 document with answers and errors for every operation', async () => {
    const document = (await request(app.url).get('/api/docs-json').expect(200)).body;
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
    for (const [path, operations] of Object.entries<
      Record<string, { responses: Record<string, unknown>; security?: unknown }>
    >(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const codes = Object.keys(operation.responses);
        expect({ path, method, success: codes.some((code) => code.startsWith('2')) }).toEqual({
          path,
          method,
          success: true,
        });
        if (path !== '/api/health') {
          expect({ path, method, errors: codes.some((code) => code.startsWith('4')) }).toEqual({
            path,
            method,
            errors: true,
          });
        }
      }
    }
    expect(Object.keys(document.paths['/api/auth/login'].post.responses).sort()).toEqual([
      '200',
      '201',
      '400',
      '401',
      '429',
    ]);
    expect(document.paths['/api/rooms'].get.security).toEqual([{ bearer: [] }]);
    // Empty content is allowed with attachments (the server says so with a 400 otherwise).
    expect(document.components.schemas.SendMessageDto.properties.content).toMatchObject({
      minLength: 0,
      maxLength: 4000,
    });
    expect(document.components.schemas.SendMessageDto.properties.attachmentIds).toMatchObject({
      minItems: 1,
      maxItems: 10,
    });
    expect(document.paths['/api/uploads'].post.requestBody.content).toHaveProperty(
      'multipart/form-data',
    );
  });

  it('serves the explorer page', async () => {
    const response = await request(app.url).get('/api/docs').expect(200);
    expect(response.text).toContain('swagger');
  });
});
