/** Renew "typing" well inside the server's 6 s expiry, but no more often than that. */
export const TYPING_RENEW_MS = 3_000;
/** Say "stopped" after this long without a keystroke. */
export const TYPING_IDLE_MS = 5_000;

/**
 * Turns keystrokes into few `typing` frames: one when typing starts, a renewal at most
 * every TYPING_RENEW_MS while it goes on, and a stop on idle, send or blur.
 */
export class TypingSender {
  private typing = false;
  private lastSent = 0;
  private idle: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly sendFrame: (isTyping: boolean) => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  keystroke(): void {
    const now = this.now();
    if (!this.typing || now - this.lastSent >= TYPING_RENEW_MS) {
      this.typing = this.sendFrame(true);
      this.lastSent = now;
    }
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), TYPING_IDLE_MS);
  }

  stop(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    if (!this.typing) return;
    this.typing = false;
    this.sendFrame(false);
  }
}
