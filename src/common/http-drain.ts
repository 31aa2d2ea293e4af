import type { Server, ServerResponse } from 'node:http';

/** How long no new request may arrive before the drain counts the connections as quiet. */
const QUIET_MS = 200;

/**
 * Ends the HTTP side of a shutdown gently: answer every request already sent (also those
 * the busy event loop has not read yet, and those still in the listen backlog), tell each
 * client to go (`Connection: close`), stop listening once no request came for a moment,
 * and only then let the app close sockets and the database. Calling `server.close()` at
 * once would reset every connection whose request Node has not started to read, and the
 * connections still waiting in the listen backlog.
 */
export class HttpDrain {
  private readonly open = new Set<ServerResponse>();
  private draining = false;
  private lastRequestAt = 0;

  constructor(private readonly server: Server) {
    server.on('request', (_request, response: ServerResponse) => {
      this.lastRequestAt = Date.now();
      if (this.draining) response.setHeader('Connection', 'close');
      this.open.add(response);
      response.once('close', () => this.open.delete(response));
    });
  }

  /** Resolves once every request is answered and none came for a moment, or at the timeout. */
  async drain(timeoutMs: number): Promise<{ unanswered: number }> {
    this.draining = true;
    this.lastRequestAt = Date.now();
    for (const response of this.open) {
      if (!response.headersSent) response.setHeader('Connection', 'close');
    }
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.open.size === 0 && Date.now() - this.lastRequestAt >= QUIET_MS) break;
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS / 4));
    }
    const unanswered = this.open.size;
    this.server.close(); // stops listening and ends the idle keep-alive connections
    return { unanswered };
  }
}
