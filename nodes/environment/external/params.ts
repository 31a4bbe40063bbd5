import { z } from "zod";

/** Settings every external environment shares: how long to wait, what reset gets. */
const processSettings = {
  timeoutMs: z.number().int().min(1).default(10_000).describe("Longest wait for one reply (reset, step, …) before the process is killed and the episode fails."),
  startTimeoutMs: z.number().int().min(1).default(60_000).describe("Longest wait for the process to start and declare its spaces (imports can be slow)."),
  resetOptions: z.record(z.string(), z.unknown()).optional().describe("Passed to every reset as `options`."),
  processes: z
    .number()
    .int()
    .min(1)
    .max(64)
    .default(1)
    .describe("Under lockstep (run.lockstep > 1): how many processes the lanes' environments share (lane k in process k mod this); their batches of steps run at once. Serial runs start one."),
  laneGroups: z
    .number()
    .int()
    .min(1)
    .max(8)
    .default(2)
    .describe("Under lockstep, with lanes sharing processes: how many groups the lanes step in, out of phase (lane k in group k mod this), so Foresight computes one group's next steps while the process steps another's. 1: all lanes step together."),
};

/** A Gymnasium environment by id, served by the shipped `foresight_env` (python/). */
export const gymnasiumParams = z.object({
  name: z.literal("gymnasium").describe("Which environment to build."),
  id: z.string().min(1).default("CartPole-v1").describe("The Gymnasium id, as gymnasium.make takes it (e.g. CartPole-v1, Pendulum-v1)."),
  makeArgs: z.record(z.string(), z.unknown()).default({}).describe("Keyword arguments for gymnasium.make (e.g. {\"render_mode\": \"rgb_array\"})."),
  python: z
    .string()
    .min(1)
    .optional()
    .describe("Python interpreter with gymnasium installed: a path (relative to the pipeline's folder) or a command. Default: $FORESIGHT_PYTHON (a path there relative to the current folder), else python3."),
  snapshot: z
    .enum(["auto", "off"])
    .default("auto")
    .describe("auto: offer snapshot/restore/clone (for look-ahead) when deep copies of the environment prove sound; off: never."),
  ...processSettings,
});

/** Any program speaking the protocol on stdin/stdout (docs/environment-protocol.md). */
export const processParams = z.object({
  name: z.literal("process").describe("Which environment to build."),
  command: z
    .array(z.string().min(1))
    .min(1)
    .default(["python3", "my_env.py"])
    .describe("The program and its arguments, e.g. [\"python3\", \"my_env.py\"]; a path in the first entry is relative to the pipeline's folder."),
  cwd: z.string().optional().describe("Folder the program runs in, relative to the pipeline's folder (default: the pipeline's folder)."),
  env: z.record(z.string(), z.string()).default({}).describe("Extra environment variables for the program."),
  ...processSettings,
});

/** An environment on another machine, served over WebSocket (`python3 -m foresight_env --listen HOST:PORT …`) or HTTP (`--http HOST:PORT`). */
export const remoteParams = z.object({
  name: z.literal("remote").describe("Which environment to build."),
  url: z
    .string()
    .regex(/^(wss?|https?):\/\/[^\s/]+/, "a WebSocket address, ws://host:port (wss:// through a TLS proxy), or an HTTP one, http://host:port")
    .default("ws://127.0.0.1:8765")
    .describe(
      "Where the environment is served: a WebSocket address, e.g. ws://gpu-box:8765 (python3 -m foresight_env --listen 0.0.0.0:8765 gymnasium:CartPole-v1), or an HTTP one, e.g. http://gpu-box:8000 (--http 0.0.0.0:8000: each request POSTed).",
    ),
  ...processSettings,
  startTimeoutMs: z.number().int().min(1).default(60_000).describe("Longest wait to connect and for the server to build the environment and declare its spaces."),
});

export type GymnasiumParams = z.output<typeof gymnasiumParams>;
export type RemoteParams = z.output<typeof remoteParams>;
export type ProcessParams = z.output<typeof processParams>;
