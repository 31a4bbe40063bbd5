import { existsSync, readFileSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import { writeFileAtomic } from "./atomic-file.js";
import { runFile } from "./run-folder.js";

/** running.json: the process playing a run. Written as the run starts, removed as it ends: one a killed run leaves behind names a process that is gone. */
export interface RunOwner {
  pid: number;
  host: string;
  started: string;
  /** The process's start in clock ticks after boot (/proc/<pid>/stat), where the system has it: tells a reused pid from the owner. */
  processStart?: number;
}

/** Marks `runDir` as played by this process; answers the function that removes the mark. */
export function claimRun(runDir: string): () => void {
  const processStart = processStartTicks(process.pid);
  const owner: RunOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString(), ...(processStart === undefined ? {} : { processStart }) };
  writeFileAtomic(runFile(runDir, "running"), JSON.stringify(owner) + "\n");
  return () => rmSync(runFile(runDir, "running"), { force: true });
}

/**
 * The process still playing `runDir`, if any: its mark names a live process on this machine, or
 * one on another machine (`elsewhere`: a run folder on a shared disk), which cannot be checked from here.
 * Undefined for a run that ended, or was killed (its mark names a process that is gone).
 */
export function runGoingOn(runDir: string): (RunOwner & { elsewhere: boolean }) | undefined {
  const file = runFile(runDir, "running");
  if (!existsSync(file)) return undefined;
  let owner: RunOwner;
  try {
    owner = JSON.parse(readFileSync(file, "utf8")) as RunOwner;
  } catch {
    // Written atomically: unreadable means not ours to judge (hand-edited); it claims nothing.
    return undefined;
  }
  if (owner.host !== hostname()) return { ...owner, elsewhere: true };
  return processAlive(owner.pid) && !pidReused(owner) ? { ...owner, elsewhere: false } : undefined;
}

/**
 * Whether the live process with the owner's pid is another one (the pid was reused after the owner
 * was killed): its start differs from the one recorded, or, in a mark without one, it started after the run did.
 */
function pidReused(owner: RunOwner): boolean {
  const ticks = processStartTicks(owner.pid);
  if (ticks === undefined) return false;
  if (typeof owner.processStart === "number") return ticks !== owner.processStart;
  const boot = bootTimeMs();
  const started = Date.parse(owner.started);
  // Boot time is to the second and clocks drift: only a clear gap counts.
  return boot !== undefined && Number.isFinite(started) && boot + (ticks * 1000) / CLOCK_TICKS_PER_SECOND > started + REUSE_SLACK_MS;
}

/** USER_HZ, which /proc counts in: 100 on every Linux build in use. */
const CLOCK_TICKS_PER_SECOND = 100;
const REUSE_SLACK_MS = 5_000;

/** A process's start (field 22 of /proc/<pid>/stat), or undefined without /proc (macOS, Windows) or the process. */
function processStartTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

function bootTimeMs(): number | undefined {
  try {
    const line = /^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"));
    return line ? Number(line[1]) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
