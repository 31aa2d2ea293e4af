import { READ_INTERVAL_MS, ReadSender } from './readSender';

describe(ReadSender.name, () => {
  let reads: number[] = [];
  let sender: ReadSender;

  beforeEach(() => {
    vi.useFakeTimers();
    reads = [];
    sender = new ReadSender((seq) => reads.push(seq));
  });

  afterEach(() => vi.useRealTimers());

  it('sends the first read at once', () => {
    sender.seen(3);
    expect(reads).toEqual([3]);
  });

  it('sends one read per interval in a busy room, with the highest seq seen', () => {
    for (let seq = 1; seq <= 100; seq += 1) sender.seen(seq);
    expect(reads).toEqual([1]);
    vi.advanceTimersByTime(READ_INTERVAL_MS);
    expect(reads).toEqual([1, 100]);
    vi.advanceTimersByTime(READ_INTERVAL_MS * 4);
    expect(reads).toEqual([1, 100]);
  });

  it('never sends a position again or backwards', () => {
    sender.seen(5);
    sender.seen(5);
    sender.seen(2);
    vi.advanceTimersByTime(READ_INTERVAL_MS);
    expect(reads).toEqual([5]);
  });

  it('flushes what is pending at once', () => {
    sender.seen(1);
    sender.seen(7);
    sender.flush();
    expect(reads).toEqual([1, 7]);
    vi.advanceTimersByTime(READ_INTERVAL_MS);
    expect(reads).toEqual([1, 7]);
  });
});
