import { existsSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { EnvironmentContext } from "../family.js";
import type { ProcessSpec } from "./env-process.js";
import type { GymnasiumParams, ProcessParams, RemoteParams } from "./params.js";

/** The interpreter used when a gymnasium environment names none and $FORESIGHT_PYTHON is unset. */
const DEFAULT_PYTHON = "python3";

/** How to start a Gymnasium environment: `<python> -m foresight_env gymnasium:<id>`. */
export function gymnasiumSpec(params: GymnasiumParams, ctx: EnvironmentContext): ProcessSpec {
  // The node's own path is the file's, relative to its folder; $FORESIGHT_PYTHON was typed in a shell, relative to where that stood.
  // Set but empty counts as unset, as a shell's `FORESIGHT_PYTHON= foresight run …` means.
  const fromEnvironment = process.env.FORESIGHT_PYTHON || undefined;
  const python = params.python !== undefined ? program(params.python, ctx.pipelineDir) : program(fromEnvironment ?? DEFAULT_PYTHON, process.cwd());
  const commandFrom = params.python !== undefined ? undefined : fromEnvironment !== undefined ? ("FORESIGHT_PYTHON" as const) : ("default" as const);
  const args = ["-m", "foresight_env", `gymnasium:${params.id}`];
  if (Object.keys(params.makeArgs).length > 0) args.push("--kwargs", JSON.stringify(params.makeArgs));
  if (params.snapshot === "off") args.push("--snapshot", "off");
  return {
    label: `gymnasium environment "${params.id}" (${python})`,
    // The shipped foresight_env (first on PYTHONPATH) answers through a reply pipe; an older one installed elsewhere would not.
    launch: { command: python, args, cwd: ctx.pipelineDir, env: withShippedPackage({}), ...(shippedPythonFolder() ? { replyPipe: true as const } : {}), ...(commandFrom ? { commandFrom } : {}) },
    timeoutMs: params.timeoutMs,
    startTimeoutMs: params.startTimeoutMs,
    ...(params.snapshot === "off" ? { snapshotOff: `the Environment node's "snapshot" param is "off", not "auto"` } : {}),
    skipCopyCheck: `set the Environment node's "snapshot" param to "off"`,
  };
}

/** How to start a program that speaks the protocol itself. */
export function processSpec(params: ProcessParams, ctx: EnvironmentContext): ProcessSpec {
  const [command, ...args] = params.command as [string, ...string[]];
  return {
    label: `environment process ${JSON.stringify(params.command)}`,
    launch: { command: program(command, ctx.pipelineDir), args, cwd: resolve(ctx.pipelineDir, params.cwd ?? "."), env: withShippedPackage(params.env) },
    timeoutMs: params.timeoutMs,
    startTimeoutMs: params.startTimeoutMs,
    skipCopyCheck: `add "--snapshot", "off" to the command (python -m foresight_env), or serve(env, snapshot="off") in a script`,
  };
}

/** How to reach an environment served over WebSocket or HTTP: the same messages, errors and timeouts as a process. */
export function remoteSpec(params: RemoteParams): ProcessSpec {
  return { label: `remote environment ${params.url}`, launch: { url: params.url }, timeoutMs: params.timeoutMs, startTimeoutMs: params.startTimeoutMs };
}

/** A command with a path in it resolves against `folder`; a bare name is looked up on PATH. */
function program(command: string, folder: string): string {
  return isAbsolute(command) || !(command.includes("/") || command.includes(sep)) ? command : resolve(folder, command);
}

/**
 * Numeric libraries' thread pools, one thread each in an environment process unless the user set
 * them: Foresight steps many environments by lanes, processes and workers, and a pool's threads
 * (OpenBLAS's spin after numpy's calls) take the cores those need (docs/environment-protocol.md).
 */
const SINGLE_THREADED = { OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1", VECLIB_MAXIMUM_THREADS: "1" };

/**
 * The process's environment variables: ours, the pipeline's extras, the shipped `foresight_env` on
 * PYTHONPATH (so a Python environment needs only Gymnasium installed, not this package), and
 * single-threaded numeric libraries where neither sets their thread counts.
 */
function withShippedPackage(extra: Record<string, string>): Record<string, string | undefined> {
  const shipped = shippedPythonFolder();
  const pythonPath = [shipped, extra.PYTHONPATH ?? process.env.PYTHONPATH].filter((p): p is string => !!p).join(delimiter);
  return { ...SINGLE_THREADED, ...process.env, ...extra, ...(pythonPath ? { PYTHONPATH: pythonPath } : {}), PYTHONUNBUFFERED: "1" };
}

let shippedFolder: string | null | undefined;

/** The repository's (or the installed package's) `python/` folder holding foresight_env, if there is one. */
export function shippedPythonFolder(): string | undefined {
  if (shippedFolder === undefined) {
    shippedFolder = null;
    // From the sources (nodes/environment/external) or the build (dist/nodes/environment/external).
    for (let dir = dirname(fileURLToPath(import.meta.url)), up = 0; up < 6; dir = dirname(dir), up++) {
      if (existsSync(join(dir, "python", "foresight_env", "__init__.py"))) {
        shippedFolder = join(dir, "python");
        break;
      }
    }
  }
  return shippedFolder ?? undefined;
}
