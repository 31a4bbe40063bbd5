import { execFileSync } from "node:child_process";
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The line the channel's worker writes into the pipe to wake a blocked reader when the process is gone: JSON text never holds a NUL. */
export const WAKE_LINE = "\0\n";

/**
 * How long a read polls the pipe before it sleeps in read(): a thread asleep is woken by the kernel
 * when the reply comes, which on an otherwise idle machine (a core in a deep idle state, a virtual
 * machine's halted CPU) costs tens of µs, more than most steps take to answer.
 */
const SPIN_MS = 0.1;

/**
 * A named pipe the environment process writes its replies into (foresight_env does when
 * $FORESIGHT_REPLY_PIPE names one), read by the caller itself with a blocking read: the reply wakes
 * the caller directly, not a reader thread that then wakes it — one thread hop fewer per round trip
 * (bench/external-env.ts). The caller opens it read-write, so the read never sees end-of-file; when
 * the process dies or overruns its time, the channel's worker writes WAKE_LINE to unblock it.
 * POSIX only: `open()` returns undefined where named pipes cannot be made (Windows).
 */
export class ReplyPipe {
  private pending = Buffer.alloc(0);
  private readonly chunk = Buffer.alloc(1 << 16);

  private constructor(
    readonly path: string,
    private readonly folder: string,
    private fd: number,
    /** The same pipe, non-blocking: polled for SPIN_MS before a blocking read on `fd`. */
    private pollFd: number,
  ) {}

  static open(): ReplyPipe | undefined {
    if (process.platform === "win32") return undefined;
    const folder = mkdtempSync(join(tmpdir(), "foresight-replies-"));
    const path = join(folder, "replies");
    try {
      execFileSync("mkfifo", ["-m", "600", path], { stdio: "ignore" });
      return new ReplyPipe(path, folder, openSync(path, constants.O_RDWR), openSync(path, constants.O_RDWR | constants.O_NONBLOCK));
    } catch {
      rmSync(folder, { recursive: true, force: true });
      return undefined;
    }
  }

  /** Bytes after the last reply: the process wrote a line nobody asked for. */
  get hasExtra(): boolean {
    return this.pending.length > 0;
  }

  /** Blocks until a whole line has arrived; undefined when it is the worker's WAKE_LINE (the process is gone). */
  readLine(): string | undefined {
    for (;;) {
      const end = this.pending.indexOf(10);
      if (end >= 0) {
        const line = this.pending.subarray(0, end);
        this.pending = this.pending.subarray(end + 1);
        return line.includes(0) ? undefined : line.toString("utf8");
      }
      const read = this.readSoon();
      this.pending = this.pending.length === 0 ? Buffer.from(this.chunk.subarray(0, read)) : Buffer.concat([this.pending, this.chunk.subarray(0, read)]);
    }
  }

  /** Reads what the pipe holds, polling for SPIN_MS before sleeping until something comes. */
  private readSoon(): number {
    const until = performance.now() + SPIN_MS;
    do {
      try {
        return readSync(this.pollFd, this.chunk, 0, this.chunk.length, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      }
    } while (performance.now() < until);
    return readSync(this.fd, this.chunk, 0, this.chunk.length, null);
  }

  /** The first bytes left over, for the out-of-step error. */
  takeExtra(): string {
    const text = this.pending.toString("utf8");
    this.pending = Buffer.alloc(0);
    return text;
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    closeSync(this.pollFd);
    this.fd = -1;
    rmSync(this.folder, { recursive: true, force: true });
  }
}
