import { EXIT } from "./exit.js";

/**
 * Ends the command quietly (exit 0) once the reader of its output has gone: `foresight schema | head -1`
 * closes the pipe after one line, and the next write fails with EPIPE, which Node raises as an
 * unhandled 'error' event (a stack trace, exit 1). The reader has what it wanted; Unix tools stop there too.
 */
export function endWhenReaderLeaves(stream: NodeJS.WriteStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    // EIO: the terminal hung up (a closed window, a dropped SSH session). Its SIGHUP stops a run
    // cleanly (stop-signals.ts); the progress bar and messages have nowhere to go, and must not end it first.
    if (error.code === "EIO") return;
    if (error.code !== "EPIPE") throw error;
    process.exit(EXIT.ok);
  });
}
