import { RtspReader } from '../rtsp-reader.ts';
import type { ReaderReply, ReaderRequest, StreamTarget } from './bench-messages.ts';
import { exitWithParent } from './bench-messages.ts';

/** A process of benchmark readers: plays its targets over TCP and counts frames and late frames. */
exitWithParent();
const readers: RtspReader[] = [];
const MAX_FAILURES_IN_A_ROW = 8;
const KEEP_ALIVE_MS = 10_000;
// Receiver reports keep the sessions alive past the server's session timeout, as real clients do.
const keepAlive = setInterval(() => {
  for (const r of readers) if (r.session !== undefined && !r.closed) r.sendReceiverReport();
}, KEEP_ALIVE_MS);

function reply(msg: ReaderReply): void {
  process.send?.(msg);
}

async function open(
  targets: StreamTarget[],
  username: string | undefined,
  password: string | undefined,
  concurrency: number,
  deadlineMs: number,
): Promise<void> {
  let next = 0;
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;
  const giveUpAt = Date.now() + deadlineMs;
  // A server that stopped answering will not start again: stop after a run of failures.
  let failuresInARow = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length && Date.now() < giveUpAt && failuresInARow < MAX_FAILURES_IN_A_ROW) {
      const t = targets[next++]!;
      try {
        if (t.url === undefined) {
          readers.push(await RtspReader.raw(t.host, t.port));
        } else {
          const r = await RtspReader.connect(t.host, t.port, { username, password, requestTimeoutMs: 10_000 });
          readers.push(r);
          await r.play(t.url);
        }
        ok++;
        failuresInARow = 0;
      } catch (err) {
        failed++;
        failuresInARow++;
        firstError ??= String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  reply({ type: 'opened', ok, failed: failed + (targets.length - ok - failed), firstError });
}

process.on('message', (msg: ReaderRequest) => {
  if (msg.type === 'open') {
    void open(msg.targets, msg.username, msg.password, msg.concurrency, msg.deadlineMs);
  } else if (msg.type === 'measure') {
    let frames = 0;
    let lateFrames = 0;
    let bytes = 0;
    let open = 0;
    for (const r of readers) {
      if (msg.on) {
        r.stats.windowFrames = 0;
        r.stats.windowLateFrames = 0;
      } else {
        frames += r.stats.windowFrames;
        lateFrames += r.stats.windowLateFrames;
      }
      bytes += r.stats.bytes;
      if (!r.closed) open++;
      r.measuring = msg.on;
    }
    const cpu = process.cpuUsage();
    reply({ type: 'stats', frames, lateFrames, bytes, open, cpuUs: cpu.user + cpu.system });
  } else {
    clearInterval(keepAlive);
    for (const r of readers) r.close();
    process.exit(0);
  }
});
