import WebSocket from 'ws';

/** A plain REST client: the "third person" who chats without a browser. */
export class RestClient {
  private constructor(
    private readonly baseUrl: string,
    readonly accessToken: string,
    readonly userId: number,
  ) {}

  static async login(baseUrl: string, username: string, password: string): Promise<RestClient> {
    const response = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!response.ok)
      throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { accessToken: string; user: { id: number } };
    return new RestClient(baseUrl, body.accessToken, body.user.id);
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.accessToken}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  async roomId(name: string): Promise<number> {
    const rooms = await this.call<{ id: number; name: string }[]>('GET', '/api/rooms');
    const room = rooms.find((r) => r.name === name);
    if (!room) throw new Error(`no room named ${name}`);
    return room.id;
  }

  post(roomId: number, content: string, clientId?: string): Promise<{ seq: number }> {
    return this.call('POST', `/api/rooms/${roomId}/messages`, { content, clientId });
  }
}

/** Whether the server answers the per-user socket `WS /api/ws` with a `ready` frame. */
export async function socketEndpointAnswers(baseUrl: string): Promise<boolean> {
  const client = await RestClient.login(baseUrl, 'probe_user', 'probe-password');
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/ws?token=${client.accessToken}`;
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    const done = (answer: boolean) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), 5000);
    socket.on('message', (data) => done(String(data).includes('"ready"')));
    socket.on('error', () => done(false));
    socket.on('unexpected-response', () => done(false));
    socket.on('close', () => done(false));
  });
}
