/**
 * Where a process's CPU time went, by thread (Linux: /proc/self/task), for benches that compare
 * runs on one and several threads: this thread, the threads Node started before any of our code
 * (V8's platform pool, which compiles optimised code and helps the garbage collector, for every
 * isolate of the process), helper threads still alive at the end (the Parquet and trace writer
 * threads, ONNX Runtime's), and threads that ended before (episode workers): the rest of the
 * process's total.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";

export interface ThreadCpu {
  /** Milliseconds of CPU, user and system. */
  main: number;
  v8: number;
  helpers: number;
  ended: number;
}

const TASKS = "/proc/self/task";

/** The threads alive now; call first thing in the process to know Node's own. */
export function threadIds(): Set<string> {
  return existsSync(TASKS) ? new Set(readdirSync(TASKS)) : new Set();
}

function cpuMs(tid: string): number {
  try {
    const stat = readFileSync(`${TASKS}/${tid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime (fields 14 and 15 of stat), in clock ticks: 100 a second on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** The split of the process's CPU now; undefined where /proc is not there. */
export function threadCpu(nodeThreads: Set<string>): ThreadCpu | undefined {
  if (nodeThreads.size === 0) return undefined;
  const { user, system } = process.cpuUsage();
  const total = (user + system) / 1000;
  const main = cpuMs(String(process.pid));
  let v8 = 0;
  let helpers = 0;
  for (const tid of readdirSync(TASKS)) {
    if (tid === String(process.pid)) continue;
    if (nodeThreads.has(tid)) v8 += cpuMs(tid);
    else helpers += cpuMs(tid);
  }
  return { main, v8, helpers, ended: Math.max(0, total - main - v8 - helpers) };
}
