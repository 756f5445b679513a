/**
 * The write buffer TCP sessions assemble frames in, shared by every session of the process
 * (fan-out is single-threaded and synchronous). A session takes a view, fills it, writes it, and
 * then asks whether the socket kept it: when Node wrote it to the kernel synchronously
 * (writableLength back to 0, nothing of ours queued) the same memory serves the next session;
 * when the socket queued it, the scratch is surrendered and never touched again. So healthy
 * sessions cost no allocation and leave no garbage per frame, and a queued write is never mutated.
 * Sessions whose socket already queues data do not use it (see RtspSession), so a lagging session
 * pins at most one scratch besides its own frames.
 */
export class SendScratch {
  private buf: Buffer | undefined;
  /**
   * The views handed out, by length: frames come in a few hundred sizes (a clip's frames, a few
   * stamp lengths), so a view is made once per size and scratch, not once per frame.
   */
  private readonly views = new Map<number, Buffer>();

  constructor(private readonly initialBytes = 128 * 1024) {}

  /** A view of exactly `bytes` bytes; valid until the next take() or surrender(). */
  take(bytes: number): Buffer {
    const cached = this.views.get(bytes);
    if (cached !== undefined) return cached;
    let buf = this.buf;
    if (buf === undefined || buf.length < bytes) {
      buf = Buffer.allocUnsafeSlow(Math.max(bytes, this.initialBytes));
      this.buf = buf;
      this.views.clear();
    }
    // Bounded: a stream of ever new sizes (many clips) starts the cache over.
    if (this.views.size >= MAX_CACHED_VIEWS) this.views.clear();
    const view = buf.subarray(0, bytes);
    this.views.set(bytes, view);
    return view;
  }

  /** The last view now belongs to a socket's queue: forget it. */
  surrender(): void {
    this.buf = undefined;
    this.views.clear();
  }
}

const MAX_CACHED_VIEWS = 4096;

/** One per process: every TCP session fills its frames here. */
export const sendScratch = new SendScratch();
