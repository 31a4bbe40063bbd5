import { EnvironmentParamError, type JsonValue } from "../../../runtime/environment.js";
import { defineEnvironmentFamily, type EnvironmentContext } from "../family.js";
import { describeProcess } from "./describe.js";
import { EnvProcess, type ProcessSpec } from "./env-process.js";
import { ExternalEnvironment } from "./external-environment.js";
import { gymnasiumSpec, processSpec, remoteSpec } from "./launch.js";
import { gymnasiumParams, processParams, remoteParams } from "./params.js";
import { parseDeclaration, type EnvironmentDeclaration } from "./wire.js";

export { ExternalEnvironment, FLAT_ENCODING } from "./external-environment.js";
export { ExternalEnvironmentError } from "./env-process.js";
export { shippedPythonFolder } from "./launch.js";

/** A Gymnasium environment by id, run by Python in its own process. */
export const gymnasiumEnvironment = defineEnvironmentFamily({
  name: "gymnasium",
  startsProcess: true,
  params: gymnasiumParams,
  create(params, ctx) {
    try {
      return external(gymnasiumSpec(params, ctx), params.id, params, ctx);
    } catch (error) {
      throw unknownIdAsParam(error as Error);
    }
  },
});

/** Gymnasium's errors for an id it has no environment for (foresight_env names them when it cannot build one). */
const UNKNOWN_ID = /cannot build \S+ \(gymnasium\.make\): (NameNotFound|VersionNotFound|NamespaceNotFound|DeprecatedEnv)\b/;

/** A `module:Id` whose module cannot be found: group 1 the id's module, group 2 the module Python missed. */
const UNKNOWN_MODULE = /cannot build ([^\s:]+):\S+ \(gymnasium\.make\): ModuleNotFoundError: No module named '([^']+)'/;

/** A path written where the `module:Id`'s module name goes (`./my_env:Corridor-v0`): foresight_env refuses it before importing. */
const PATH_AS_MODULE = /cannot build \S+ \(gymnasium\.make\): ValueError: '[^']*' is a path, not a module name/;

/** An id Gymnasium does not know, or whose module is not there or is written as a path, is the id param's problem: validation points there. */
function unknownIdAsParam(error: Error): Error {
  const missing = UNKNOWN_MODULE.exec(error.message);
  // A module the id's module imports (torch, say) is missing from the interpreter, not from the id.
  const idsModule = missing !== null && (missing[1] === missing[2] || missing[1]!.startsWith(`${missing[2]}.`));
  const idsFault = UNKNOWN_ID.test(error.message) || PATH_AS_MODULE.test(error.message) || idsModule;
  return idsFault ? new EnvironmentParamError(error.message, ["id"], { cause: error }) : error;
}

/** Any program speaking the environment protocol on stdin/stdout. */
export const processEnvironment = defineEnvironmentFamily({
  name: "process",
  startsProcess: true,
  params: processParams,
  create: (params, ctx) => external(processSpec(params, ctx), undefined, params, ctx),
});

/** An environment on another machine, served over WebSocket (`python3 -m foresight_env --listen HOST:PORT …`) or HTTP (`--http HOST:PORT`). */
export const remoteEnvironment = defineEnvironmentFamily({
  name: "remote",
  params: remoteParams,
  create: (params, ctx) => external(remoteSpec(params), undefined, params, ctx),
});

/** What every external family's params hold besides where the environment lives. */
interface SharedParams {
  resetOptions?: Record<string, unknown> | undefined;
  processes: number;
  laneGroups: number;
}

function external(launched: ProcessSpec, name: string | undefined, params: SharedParams, ctx: EnvironmentContext): ExternalEnvironment {
  const spec = ctx.blockingWaits ? { ...launched, blockingWaits: ctx.blockingWaits } : launched;
  const options = params.resetOptions as JsonValue | undefined;
  const { lanes } = ctx;
  if (ctx.purpose === "run" && lanes && lanes.count > 1) {
    // Lane 0 starts the process(es); when they can host a live environment per lane and take their steps in one line, every lane lives in them.
    const shared = lanes.shared("process", () => sharedProcesses(spec, name, options, Math.min(params.processes, lanes.count), params.laneGroups));
    // An action space Foresight cannot drive fails lane 0 already (every lane has the same): its processes are closed.
    if (shared.lane) return built(spec, shared.processes, () => shared.lane(lanes.index, lanes.group));
    if (lanes.index === 0) return shared.own;
  }
  const process = ctx.purpose === "run" ? new EnvProcess(spec) : undefined;
  const declaration = process?.declaration ?? (ctx.declared !== undefined ? recordedDeclaration(spec, ctx.declared) : describeProcess(spec));
  return built(spec, process ? [process] : [], () => ExternalEnvironment.create(process, declaration, name ?? declaration.name, options, spec.snapshotOff));
}

/** A declaration a run recorded, read back as the process's own reply is. */
function recordedDeclaration(spec: ProcessSpec, declared: JsonValue): EnvironmentDeclaration {
  const body = typeof declared === "object" && declared !== null && !Array.isArray(declared) ? declared : {};
  try {
    return parseDeclaration(body);
  } catch (error) {
    throw new Error(`${spec.label}: the declaration the run recorded cannot be read: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The processes lockstep lanes share: a live environment per lane in them (lane k in process k mod P),
 * or (without `make` and `batch`) lane 0's alone, the other lanes starting their own.
 */
function sharedProcesses(
  spec: ProcessSpec,
  name: string | undefined,
  options: JsonValue | undefined,
  processes: number,
  laneGroups: number,
): { lane: (index: number, group: number) => ExternalEnvironment; processes: EnvProcess[] } | { lane?: undefined; own: ExternalEnvironment } {
  const first = new EnvProcess(spec);
  const { declaration } = first;
  const environmentName = name ?? declaration.name;
  if (!declaration.capabilities.has("make") || !declaration.capabilities.has("batch")) {
    return { own: built(spec, [first], () => ExternalEnvironment.create(first, declaration, environmentName, options, spec.snapshotOff)) };
  }
  const started = [first];
  try {
    while (started.length < processes) started.push(new EnvProcess(spec));
  } catch (error) {
    for (const process of started) process.close();
    throw error;
  }
  return { lane: ExternalEnvironment.lanes(started, environmentName, options, laneGroups, spec.snapshotOff), processes: started };
}

/** Builds the environment(s); an action space Foresight cannot drive is refused naming the environment, leaving no process running. */
function built<T>(spec: ProcessSpec, processes: readonly EnvProcess[], build: () => T): T {
  try {
    return build();
  } catch (error) {
    for (const process of processes) process.close();
    throw new Error(`${spec.label}: ${(error as Error).message}`, { cause: error });
  }
}
