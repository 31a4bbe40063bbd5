/**
 * Where a Python environment process was when it stopped answering or crashed: foresight_env turns on
 * Python's faulthandler (python/foresight_env/stack_dumps.py), which prints the stack on stderr at a
 * crash and, on STACK_DUMP_SIGNAL, for every thread without stopping. A process that overran its
 * reply's time is sent the signal and given STACK_DUMP_WAIT_MS before it is killed.
 */

/** The signal foresight_env answers with its stacks; a program that does not handle it ends (it was about to be killed anyway). */
export const STACK_DUMP_SIGNAL = "SIGUSR1";

/** How long an overrunning process gets to print its stacks: faulthandler writes them in well under a millisecond. */
export const STACK_DUMP_WAIT_MS = 200;

/** Asks the process for its stacks; false where it cannot be asked (Windows has no SIGUSR1, or it is gone). */
export function askForStacks(pid: number): boolean {
  if (process.platform === "win32" || pid <= 0) return false;
  try {
    process.kill(pid, STACK_DUMP_SIGNAL);
    return true;
  } catch {
    return false;
  }
}

/** A faulthandler block's header: the thread that took the signal (or crashed) is the "Current" one. */
const THREAD = /^(Current thread|Thread) 0x[0-9a-f]+ \(most recent call first\):$/gm;
const FRAME = /^ {2}File "(.+)", line (\d+) in (\S+)$/gm;

/** Whether `stderr` holds a stack dump. */
export function hasStackDump(stderr: string): boolean {
  return stderr.includes("(most recent call first):");
}

/**
 * Where the last stack dump in `stderr` shows the stopped thread: its innermost frame in the user's
 * own code (not Python's, an installed package's or foresight_env's), e.g. `my_env.py:33 in step`,
 * else its innermost frame; undefined without a dump.
 */
export function stuckAt(stderr: string): string | undefined {
  const headers = [...stderr.matchAll(THREAD)];
  if (headers.length === 0) return undefined;
  // A dump lists the threads one after another; the signalled or crashed one is "Current thread".
  const current = headers.findLast((header) => header[1] === "Current thread") ?? headers.at(-1)!;
  const next = headers.find((header) => header.index! > current.index!);
  const block = stderr.slice(current.index!, next?.index ?? stderr.length);
  const frames = [...block.matchAll(FRAME)].map(([, file, line, name]) => ({ file: file!, line: line!, name: name! }));
  if (frames.length === 0) return undefined;
  const frame = frames.find((f) => isUsers(f.file)) ?? frames[0]!;
  return `${frame.file.split(/[\\/]/).at(-1)}:${frame.line} in ${frame.name}`;
}

function isUsers(file: string): boolean {
  if (file.startsWith("<")) return false;
  const parts = file.split(/[\\/]/);
  if (parts.includes("site-packages") || parts.includes("dist-packages") || parts.includes("foresight_env")) return false;
  // Python's own library: …/lib/python3.11/json/decoder.py (Windows: …\Lib\json\decoder.py).
  return !/[\\/]lib[\\/]python\d+(\.\d+)?[\\/]/i.test(file) && !/[\\/]Lib[\\/]/.test(file);
}
