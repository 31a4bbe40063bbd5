import { Option, type Command } from "commander";
import { InvalidArgumentError } from "commander";

/** Flags shared by `run` and `compare`. */
export interface RunFlags {
  episodes?: number;
  seed?: number;
  out?: string;
  set: string[];
  json?: boolean;
  quiet?: boolean;
  trace?: "full" | "steps" | "off";
  workers: number;
  /** The user has read the file's Script nodes and lets them run. */
  trust?: boolean;
}

function integer(min: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}, got "${text}"`);
    return value;
  };
}

/** Adds the run flags to a command. */
export function withRunFlags(command: Command): Command {
  return command
    .option("-n, --episodes <N>", "episodes to run (default: the file's run.episodes)", integer(1))
    .option("-s, --seed <S>", "run seed (default: the file's run.seed)", integer(0))
    .option("-o, --out <DIR>", "folder for run folders", "runs")
    .option("--set <nodeId.param=value>", "override a node parameter or run setting (repeatable)", (v: string, all: string[]) => [...all, v], [])
    .addOption(new Option("--trace <level>", "trace detail (default: the file's run.trace)").choices(["full", "steps", "off"]))
    .option("-w, --workers <N>", "play episodes on N threads (same results as one; datasets go to shards/<k>/)", integer(1), 1)
    .option("--trust", "run the file's Script nodes (user code, sandboxed); without it a file with scripts is refused")
    .option("--json", "print one JSON summary on stdout")
    .option("-q, --quiet", "no progress bar and no table");
}
