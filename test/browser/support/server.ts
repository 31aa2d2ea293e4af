import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { repoRoot, serverEntry } from './paths.js';

/** The built server (`node dist/main.js`) as a child process on a temp SQLite file. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private output: string[] = [];
  readonly dir = mkdtempSync(join(tmpdir(), 'fadmann-browser-'));
  readonly databaseFile = join(this.dir, 'chat.db');
  readonly jwtSecret = randomBytes(24).toString('hex');

  private constructor(
    readonly port: number,
    private readonly extraEnv: Record<string, string>,
  ) {}

  /** `extraEnv` adds to or overrides the environment, e.g. a short ACCESS_TOKEN_TTL. */
  static async start(extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
    const server = new ServerProcess(await freePort(), extraEnv);
    try {
      await server.start();
    } catch (error) {
      rmSync(server.dir, { recursive: true, force: true });
      throw error;
    }
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts (or starts again, on the same port and database file) and waits for health. */
  async start(): Promise<void> {
    const child = spawn(process.execPath, [serverEntry], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${this.databaseFile}`,
        JWT_SECRET: this.jwtSecret,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        ...this.extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => this.output.push(chunk.toString());
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    try {
      await this.waitForHealth(child);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Stops the child by its handle: SIGTERM, then SIGKILL if it does not exit in time. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  /** Sends a signal; resolves with how the process exited, once its output is all read. */
  signal(signal: NodeJS.Signals): Promise<{ code: number | null; signal: string | null }> {
    const child = this.child;
    if (!child) throw new Error('The server is not running');
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('close', (code, signalCode) => resolve({ code, signal: signalCode })),
    );
    child.kill(signal);
    return exited;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The server's recent output, for failure messages. */
  log(): string {
    return this.output.join('').slice(-4000);
  }

  private async waitForHealth(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`The server exited with ${child.exitCode}:\n${this.log()}`);
      }
      try {
        const response = await fetch(`${this.url}/api/health`);
        if (response.status === 200) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error(`The server did not become healthy within 30 s:\n${this.log()}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
