import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { EnvProcess, type ProcessSpec } from "./env-process.js";
import type { Launch, RemoteAddress } from "./process-channel.js";
import { STACK_DUMP_WAIT_MS, stuckAt } from "./stack-dump.js";
import { quotedStderr } from "./quoted-stderr.js";
import { checkingCopies, hungCheckingCopies } from "./start-check.js";
import { parseDeclaration, parseReply, type EnvironmentDeclaration } from "./wire.js";

/**
 * Declarations by launch, so the editor's validation on every edit starts the process once. The
 * key includes the modification times of the files the command names (a changed my_env.py is read
 * again).
 */
const declarations = new Map<string, EnvironmentDeclaration>();

/**
 * What the environment declares (spaces, capabilities), asked of a short-lived process: validation
 * and training need it synchronously and must not leave a process behind. Throws naming the
 * environment and why (not installed, crashed, another protocol version), with its stderr's end.
 */
export function describeProcess(spec: ProcessSpec): EnvironmentDeclaration {
  const { launch } = spec;
  return "url" in launch ? describeRemote(spec, launch) : describeLaunch(spec, launch);
}

/** A remote environment's answers are kept briefly: the server may be restarted with another environment. */
const REMOTE_CACHE_MS = 5000;
const remoteDeclarations = new Map<string, { declaration: EnvironmentDeclaration; at: number }>();

/** Connects, asks for the spaces and closes (synchronously, as the run's connection does). */
function describeRemote(spec: ProcessSpec, remote: RemoteAddress): EnvironmentDeclaration {
  const known = remoteDeclarations.get(remote.url);
  if (known && performance.now() - known.at < REMOTE_CACHE_MS) return known.declaration;
  const connection = new EnvProcess(spec);
  connection.close();
  remoteDeclarations.set(remote.url, { declaration: connection.declaration, at: performance.now() });
  return connection.declaration;
}

/** The most of a process's stderr an error quotes. */
const QUOTED_STDERR_CHARS = 2000;

/** What to change when the program cannot be found, by where it came from (Launch.commandFrom). */
const SET_PROGRAM = {
  params: "set the interpreter or command in the node's params",
  FORESIGHT_PYTHON: "it is $FORESIGHT_PYTHON's value: set that variable, or the node's python param, to a Python with gymnasium",
  default: "the default interpreter: set the node's python param, or $FORESIGHT_PYTHON, to a Python with gymnasium",
} as const;

/** foresight_env's words for an interpreter that cannot build a Gymnasium environment at all. */
const LACKS_GYMNASIUM = /ModuleNotFoundError: No module named '(gymnasium|numpy)'/;

function describeLaunch(spec: ProcessSpec, launch: Launch): EnvironmentDeclaration {
  const { command, args, cwd, env } = launch;
  const key = JSON.stringify([command, args, cwd, env.PYTHONPATH, ...[command, ...args].map((part) => modifiedMs(resolve(cwd, part)))]);
  const known = declarations.get(key);
  if (known) return known;
  const input = `${JSON.stringify({ id: 1, op: "spaces", protocol: 1 })}\n${JSON.stringify({ id: 2, op: "close" })}\n`;
  // A plain timeout kills without asking for stacks first: foresight_env prints them itself just before it (stack_dumps.py).
  const dumpAt = Date.now() + spec.startTimeoutMs - STACK_DUMP_WAIT_MS;
  const result = spawnSync(command, args, { cwd, env: { ...env, FORESIGHT_STACK_DUMP_AT: String(dumpAt) }, input, encoding: "utf8", timeout: spec.startTimeoutMs, maxBuffer: 64 << 20 });
  const stderr = quotedStderr(result.stderr ?? "", QUOTED_STDERR_CHARS);
  const fail = (why: string) => new Error(`${spec.label}: ${why}${stderr ? `; its stderr ends:\n${stderr}` : ""}`);
  const setProgram = SET_PROGRAM[launch.commandFrom ?? "params"];
  const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
  // EPIPE: the process ended before it read the request (an interpreter without Gymnasium may): its exit says why, below.
  if (result.error && code !== "EPIPE") {
    if (code === "ENOENT") throw fail(`cannot run "${command}": no such program (${setProgram})`);
    if (code === "ETIMEDOUT") {
      const where = stuckAt(result.stderr ?? "");
      throw fail(checkingCopies(result.stderr ?? "") ? hungCheckingCopies(spec.startTimeoutMs, spec.skipCopyCheck, where) : `did not declare its spaces within ${spec.startTimeoutMs} ms${where ? `, stuck at ${where}` : ""}`);
    }
    throw fail(`cannot run "${command}": ${result.error.message}`);
  }
  const line = (result.stdout ?? "").split("\n", 1)[0] ?? "";
  if (line.trim() === "") {
    // foresight_env can only say "run an interpreter that has it": where that interpreter is set, Foresight knows.
    const hint = LACKS_GYMNASIUM.test(stderr ?? "") ? ` (${setProgram})` : "";
    throw fail(`the process ended (${result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`}) without declaring its spaces${hint}`);
  }
  try {
    const reply = parseReply(line, 1);
    if (!reply.ok) throw new Error(`spaces was refused (${reply.kind}): ${reply.error}`);
    const declaration = parseDeclaration(reply.body);
    declarations.set(key, declaration);
    return declaration;
  } catch (error) {
    throw fail((error as Error).message);
  }
}

function modifiedMs(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}
