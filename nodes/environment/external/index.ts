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
  const process = ctx.purpose === "run" ? new EnvProcess(spec) : undefined;
  const declaration = process?.declaration ?? describeProcess(spec);
  try {
    return ExternalEnvironment.create(process, declaration, name ?? declaration.name, options);
  } catch (error) {
    // An action space Foresight cannot drive: say which environment, and leave no process running.
    process?.close();
    throw new Error(`${spec.label}: ${(error as Error).message}`, { cause: error });
  }
}
