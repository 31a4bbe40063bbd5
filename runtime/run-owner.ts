import { existsSync, readFileSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import { writeFileAtomic } from "./atomic-file.js";
import { runFile } from "./run-folder.js";

/** running.json: the process playing a run. Written as the run starts, removed as it ends: one a killed run leaves behind names a process that is gone. */
export interface RunOwner {
  pid: number;
  host: string;
  started: string;
}

/** Marks `runDir` as played by this process; answers the function that removes the mark. */
export function claimRun(runDir: string): () => void {
  const owner: RunOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
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
  return processAlive(owner.pid) ? { ...owner, elsewhere: false } : undefined;
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
