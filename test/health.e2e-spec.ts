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

  it('serves the explorer page', async () => {
    const response = await request(app.url).get('/api/docs').expect(200);
    expect(response.text).toContain('swagger');
  });
});
