import type { JsonValue } from "../../../runtime/environment.js";
import { defineEnvironmentFamily, type EnvironmentContext } from "../family.js";
import { describeProcess } from "./describe.js";
import { EnvProcess, type ProcessSpec } from "./env-process.js";
import { ExternalEnvironment } from "./external-environment.js";
import { gymnasiumSpec, processSpec, remoteSpec } from "./launch.js";
import { gymnasiumParams, processParams, remoteParams } from "./params.js";

export { ExternalEnvironment, FLAT_ENCODING } from "./external-environment.js";
export { ExternalEnvironmentError } from "./env-process.js";
export { shippedPythonFolder } from "./launch.js";

/** A Gymnasium environment by id, run by Python in its own process. */
export const gymnasiumEnvironment = defineEnvironmentFamily({
  name: "gymnasium",
  startsProcess: true,
  params: gymnasiumParams,
  create: (params, ctx) => external(gymnasiumSpec(params, ctx), params.id, params.resetOptions, ctx),
});

/** Any program speaking the environment protocol on stdin/stdout. */
export const processEnvironment = defineEnvironmentFamily({
  name: "process",
  startsProcess: true,
  params: processParams,
  create: (params, ctx) => external(processSpec(params, ctx), undefined, params.resetOptions, ctx),
});

/** An environment on another machine, served over WebSocket by `python3 -m foresight_env --listen HOST:PORT …`. */
export const remoteEnvironment = defineEnvironmentFamily({
  name: "remote",
  params: remoteParams,
  create: (params, ctx) => external(remoteSpec(params), undefined, params.resetOptions, ctx),
});

function external(spec: ProcessSpec, name: string | undefined, resetOptions: Record<string, unknown> | undefined, ctx: EnvironmentContext): ExternalEnvironment {
  const options = resetOptions as JsonValue | undefined;
  const { lanes } = ctx;
  if (ctx.purpose === "run" && lanes && lanes.count > 1) {
    // Lane 0 starts the process; when it can host a live environment per lane and take their steps in one line, every lane lives in it.
    const shared = lanes.shared("process", () => sharedProcess(spec, name, options, lanes.count));
    if (shared.lanes) return shared.lanes[lanes.index]!;
    if (lanes.index === 0) return shared.own;
  }
  const process = ctx.purpose === "run" ? new EnvProcess(spec) : undefined;
  const declaration = process?.declaration ?? describeProcess(spec);
  return built(spec, process, () => ExternalEnvironment.create(process, declaration, name ?? declaration.name, options));
}

/** The process lockstep lanes share: a live environment per lane in it, or (without `make` and `batch`) lane 0's alone, the other lanes starting their own. */
function sharedProcess(spec: ProcessSpec, name: string | undefined, options: JsonValue | undefined, count: number): { lanes: ExternalEnvironment[] } | { lanes?: undefined; own: ExternalEnvironment } {
  const process = new EnvProcess(spec);
  const { declaration } = process;
  const environmentName = name ?? declaration.name;
  if (declaration.capabilities.has("make") && declaration.capabilities.has("batch")) {
    return { lanes: built(spec, process, () => ExternalEnvironment.lanes(process, environmentName, options, count)) };
  }
  return { own: built(spec, process, () => ExternalEnvironment.create(process, declaration, environmentName, options)) };
}

/** Builds the environment(s); an action space Foresight cannot drive is refused naming the environment, leaving no process running. */
function built<T>(spec: ProcessSpec, process: EnvProcess | undefined, build: () => T): T {
  try {
    return build();
  } catch (error) {
    process?.close();
    throw new Error(`${spec.label}: ${(error as Error).message}`, { cause: error });
  }
}
