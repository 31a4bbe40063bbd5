import type { BlockingWaits } from "../../runtime/engine/control.js";
import type { z } from "zod";
import type { Environment, JsonValue } from "../../runtime/environment.js";
import type { LaneGroup } from "../../runtime/node-kind.js";

/** Where an environment is built: relative paths in its params resolve against the pipeline's folder. */
export interface EnvironmentContext {
  pipelineDir: string;
  /**
   * "describe" for validation and training (spaces and encodings only: nothing is started),
   * "run" for the environment a run steps.
   */
  purpose: "describe" | "run";
  /**
   * For "describe": what a run recorded the environment declaring (run.start's `declaredEnvironment`).
   * An external environment is then described from it, not asked again: training from a run folder
   * works without the remote server or the process.
   */
  declared?: JsonValue;
  /** The lockstep lanes this environment is one of (a run's, when it has more than one): an external one shares its process among them. */
  lanes?: LaneGroup;
  /** For a run's environment living in another process (SetupContext.blockingWaits). */
  blockingWaits?: BlockingWaits;
}

/** One environment the node can build: its params (an object tagged by `name`) and how to build it. */
export interface EnvironmentFamily<P extends z.ZodObject = z.ZodObject> {
  /** The value of the `name` param that selects this family, e.g. "gridworld". */
  name: string;
  /** What the editor's environment view draws of it (`Environment.scene().kind`); without one, observations show as JSON. */
  sceneKind?: string;
  /** It runs a program its params name (describing it starts it too): editors ask the user to trust the pipeline first. */
  startsProcess?: true;
  params: P;
  create(params: z.output<P>, ctx: EnvironmentContext): Environment;
}

/** Declares a family; the identity function that ties `create`'s argument to the params schema. */
export function defineEnvironmentFamily<P extends z.ZodObject>(family: EnvironmentFamily<P>): EnvironmentFamily<P> {
  return family;
}
