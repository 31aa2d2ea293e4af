/** Read positions go to the server at most this often (its socket budget is per frame kind). */
export const READ_INTERVAL_MS = 500;

/**
 * Turns "the newest message is on screen" into few `read` frames: the first at once, then
 * at most one per READ_INTERVAL_MS carrying the highest seq seen meanwhile, so a busy
 * room costs the server a couple of reads a second, not one per message.
 */
export class ReadSender {
  private sent = 0;
  private pending = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly sendRead: (seq: number) => void) {}

  seen(seq: number): void {
    if (seq <= Math.max(this.sent, this.pending)) return;
    if (this.timer) {
      this.pending = seq;
      return;
    }
    this.send(seq);
  }

  /** Sends what is pending now (leaving the room, unmounting). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending > this.sent) this.sendRead((this.sent = this.pending));
  }

  private send(seq: number): void {
    this.sent = seq;
    this.sendRead(seq);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.pending > this.sent) this.send(this.pending);
    }, READ_INTERVAL_MS);
  }
}
