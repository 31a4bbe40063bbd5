import { InvalidArgumentError, Option, type Command } from "commander";
import { writeFileAtomic } from "../../runtime/atomic-file.js";
import { existsSync } from "node:fs";
import { checkOutputFile } from "../../runtime/output-paths.js";
import { withMetadata } from "../../training/onnx-metadata.js";
import type { TrainedModel, TrainingSettings } from "../../training/tasks/settings.js";
import { trainDynamics } from "../../training/tasks/train-dynamics.js";
import { trainPolicy } from "../../training/tasks/train-policy.js";
import { trainQ } from "../../training/tasks/train-q.js";
import { trainLabelledQ } from "../../training/tasks/train-q-continuous.js";
import { MonteCarloColumn } from "../../nodes/monte-carlo-q/index.js";
import { trainValue } from "../../training/tasks/train-value.js";
import { groupCount } from "../../training/validation-split.js";
import { divergenceHint, largestMagnitude } from "../../training/divergence.js";
import { EXIT, ExitError } from "../exit.js";
import { pathFlagOrExit } from "../path-flag.js";
import { collectRepeated } from "../repeatable-option.js";
import { hostKindsOrExit, withKindsFlag, type KindsFlags } from "../kinds-option.js";
import { loadLabelledCandidates, loadTransitions, type DataPath, type RecordedBy } from "../training-data.js";
import { counted } from "../../protocol/shown-values.js";
import { trainingProgress } from "../training-progress.js";
import { onStopSignals } from "../stop-signals.js";
import { refuseOutOverInputs } from "../training-output.js";
import { typed } from "../training-sources.js";
import type { ActionSpace, Environment } from "../../runtime/environment.js";
import { actionEncodingWidth } from "../../training/tasks/transitions.js";

interface TrainFlags extends KindsFlags {
  data?: string[];
  out: string;
  pipeline?: string;
  encoding?: string;
  actionEncoding: string;
  hidden: number[];
  epochs: number;
  iterations: number;
  gamma: number;
  target: "sarsa" | "max" | "mc";
  lr: number;
  batchSize: number;
  seed: number;
  validation: number;
  quiet?: boolean;
}

const number = (min: number, max: number) => (text: string) => {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) throw new InvalidArgumentError(`expected a number in [${min}, ${max}], got "${text}"`);
  return value;
};
const integer = (min: number) => (text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}, got "${text}"`);
  return value;
};
/**
 * Hidden layers a CPU trainer finishes: the networks Foresight scores candidates with are 2–3 layers
 * of tens to hundreds of units; 4096 × 4096 is already 16 M weights (and Adam keeps three copies).
 */
const MAX_LAYER = 4096;
const MAX_LAYERS = 8;
const layers = (text: string) => {
  const sizes = text.split(",").map(Number);
  if (sizes.length > MAX_LAYERS || sizes.some((s) => !Number.isInteger(s) || s < 1 || s > MAX_LAYER)) {
    throw new InvalidArgumentError(`expected up to ${MAX_LAYERS} sizes from 1 to ${MAX_LAYER} like 64,64, got "${text}"`);
  }
  return sizes;
};

const TASKS = {
  q: "fitted Q-iteration: Q(s) for each action, from (s, a, r, s'); Q(s, a) over action vectors (continuous) or action encodings (text) — for the ONNX Q-scorer",
  value: "fitted value evaluation: V(s) of the data's policy — for the ONNX Q-scorer's v-s form and rollout bootstraps",
  policy: "behaviour cloning: action logits (a Gaussian mean and log-std for continuous actions) from the recorded actions — for the ONNX policy",
  dynamics: "supervised (s, a) → s', reward, done, hazard — for the ONNX world-model rollout",
} as const;

/** The flags only some tasks use, and which. */
const FLAGS_OF_TASKS: Partial<Record<keyof TrainFlags, readonly (keyof typeof TASKS)[]>> = { target: ["q"], iterations: ["q", "value"], gamma: ["q", "value"] };

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function registerTrain(program: Command): void {
  withKindsFlag(program.command("train <task> [data...]"))
    .description(`train a small network on recorded transitions and write an ONNX model; task: ${Object.keys(TASKS).join(" | ")}`)
    .option("--data <path>", "a run folder, or a transitions .jsonl/.parquet/.parquet.parts (repeatable; also as arguments after the task)", collectRepeated)
    .requiredOption("--out <file>", "the .onnx file to write")
    .option("--pipeline <file>", "pipeline whose environment recorded the data (default: the run folder's copy)")
    .option("--encoding <name>", "observation encoding fed to the network (docs/encodings.md; default: the environment's first: position for GridWorld, flat for control and Gymnasium worlds, bow for the shopping task)")
    .option("--action-encoding <name>", "text actions: the action encoding fed to a Q(s, a) network (docs/encodings.md)", "bow")
    .addOption(new Option("--hidden <sizes>", "hidden layer sizes, comma-separated").argParser(layers).default([64, 64], "64,64"))
    .option("--epochs <N>", "epochs (per iteration, for q)", integer(1), 20)
    .option("--iterations <K>", "rounds of fitted iteration (q, value): each round fits the network to targets computed with the previous round's network", integer(1), 30)
    .option("--gamma <γ>", "discount (q, value)", number(0, 1), 0.99)
    .addOption(
      new Option(
        "--target <rule>",
        `what Q is fitted to (q): r + γ·Q(s', a') — a bootstrap, the network's own estimate of the next state — with a' the next recorded action (sarsa: the value of the policy that recorded the data) or the best action (max: of the best policy); or every recorded candidate's Monte-Carlo return, the ${MonteCarloColumn.q} column a Monte-Carlo Q node writes to the dataset (mc; text actions)`,
      )
        .choices(["sarsa", "max", "mc"])
        .default("sarsa"),
    )
    .option("--lr <rate>", "Adam learning rate", number(1e-6, 1), 1e-3)
    .option("--batch-size <N>", "mini-batch size", integer(1), 64)
    .option("--seed <S>", "seed of initialisation and shuffling", integer(0), 0)
    .option("--validation <fraction>", "share of episodes held out, whole, for the validation loss", number(0, 0.9), 0.1)
    .option("-q, --quiet", "no progress: no bar, no progress lines (every 10 s where stderr is no terminal), no note of a long read")
    .addHelpText("after", `\nTasks:\n${Object.entries(TASKS).map(([task, what]) => `  ${task.padEnd(9)} ${what}`).join("\n")}`)
    .action(async (task: string, paths: string[], flags: TrainFlags, command: Command) => {
      if (!Object.hasOwn(TASKS, task)) throw new ExitError(EXIT.invalid, `unknown task "${task}"; tasks: ${Object.keys(TASKS).join(", ")}`);
      const dataPaths: DataPath[] = [...paths.map((path) => ({ path, withFlag: false })), ...(flags.data ?? []).map((path) => ({ path, withFlag: true }))];
      if (dataPaths.length === 0) throw new ExitError(EXIT.invalid, `no data to train on: name a run folder or a transitions file, e.g. foresight train ${task} runs/<run> --out ${task}.onnx`);
      // Before any data is read or epoch run: training for minutes, then failing to write, is the worst time to learn it.
      pathFlagOrExit("--out", flags.out, checkOutputFile);
      refuseOutOverInputs(flags.out, [...dataPaths.map((data) => ({ path: data.path, typed: typed(data) })), ...(flags.pipeline ? [{ path: flags.pipeline, typed: `--pipeline ${flags.pipeline}` }] : [])]);
      if (flags.target === "mc" && task !== "q") throw new ExitError(EXIT.invalid, `--target mc labels Q-models only; task "${task}" does not take it`);
      // A flag the task does not use, given on purpose, would be silently ignored: the user meant something by it.
      const given = (option: keyof TrainFlags) => command.getOptionValueSource(option) === "cli";
      const unused = (Object.entries(FLAGS_OF_TASKS) as [keyof TrainFlags, readonly string[]][]).filter(([option, tasks]) => given(option) && !tasks.includes(task));
      if (unused.length > 0) throw new ExitError(EXIT.invalid, `task "${task}" does not use ${unused.map(([option]) => `--${kebab(option)}`).join(", ")} (${unused.map(([option, tasks]) => `--${kebab(option)}: ${tasks.join(", ")}`).join("; ")})`);
      const recordedBy: RecordedBy = { pipeline: flags.pipeline, registry: (await hostKindsOrExit(flags.kinds)).registry };
      const refuseUnfit = refuseUnfitEnvironment(task, flags, given("actionEncoding"));
      if (task === "q" && flags.target === "mc") return trainMonteCarloQ(flags, dataPaths, recordedBy, refuseUnfit);
      const { data, environment, encoding } = await loadTransitions(dataPaths, recordedBy, flags.encoding, flags.actionEncoding, sayUnlessQuiet(task, flags), refuseUnfit);
      // refuseUnfit refused a structured action space before any data was read.
      const space = environment.actionSpace as Exclude<ActionSpace, { kind: "structured" }>;
      const numbers = (count = 0) => counted(count, "number");
      const actions = space.kind === "discrete" ? `${space.n} actions` : space.kind === "text" ? `text actions as "${flags.actionEncoding}" (${numbers(data.vectors?.width)})` : `actions of ${numbers(data.vectors?.width)}`;
      const left = data.notActed > 0 ? ` (${counted(data.notActed, "record")} of steps that did not act left out)` : "";
      const episodes = groupCount(data.episodes);
      process.stderr.write(`${task}: ${counted(data.count, "transition")} of ${counted(episodes, "episode")}${left}, ${data.width} features ("${encoding}"), ${actions}\n`);
      const actionCount = space.kind === "discrete" ? space.n : 0;
      const trained = await trainStoppably(task, flags, (settings) => {
        if (task === "q") return trainQ(data, actionCount, { ...settings, gamma: flags.gamma, iterations: flags.iterations, target: flags.target as "sarsa" | "max" });
        if (task === "value") return trainValue(data, { ...settings, gamma: flags.gamma, iterations: flags.iterations });
        if (task === "policy") return trainPolicy(data, actionCount, settings);
        return trainDynamics(data, actionCount, settings);
      });
      const about = { encoding, ...(space.kind === "text" ? { action_encoding: flags.actionEncoding } : {}), transitions: String(data.count), episodes: String(episodes) };
      const largestValue = () => largestMagnitude(data.states, data.nextStates, data.rewards, data.vectors?.actions);
      writeTrained(flags.out, trained, trainedHow(task as keyof typeof TASKS, flags, environment.name, about), largestValue);
    });
}

/**
 * Refuses a task or flag the data's environment does not fit, told by its action space alone: called
 * as soon as the environment is known, before any data is read.
 */
function refuseUnfitEnvironment(task: string, flags: TrainFlags, actionEncodingGiven: boolean): (environment: Environment) => void {
  return (environment) => {
    const { name, actionSpace: space } = environment;
    if (space.kind === "structured") throw new ExitError(EXIT.invalid, `training needs discrete, box or text actions; "${name}" has ${space.space.type} actions`);
    if (actionEncodingGiven && space.kind !== "text") throw new ExitError(EXIT.invalid, `--action-encoding encodes text actions; "${name}" has ${space.kind} ones`);
    if (flags.target === "mc" && task === "q" && space.kind !== "text") {
      throw new ExitError(EXIT.invalid, `--target mc reads candidate records of text actions; "${name}" has ${space.kind} ones: use --target sarsa or max`);
    }
    if (space.kind === "text" && (task === "policy" || task === "dynamics")) {
      throw new ExitError(EXIT.invalid, `task "${task}" needs discrete or box actions; "${name}" has text actions (train q or value)`);
    }
    if (space.kind === "box" && task === "q" && flags.target === "max") {
      throw new ExitError(EXIT.invalid, `--target max needs discrete actions (a max over every action); "${name}" has continuous ones: use --target sarsa`);
    }
    if (space.kind === "text" && task === "q" && flags.target === "max") {
      throw new ExitError(EXIT.invalid, `--target max needs discrete actions (a max over every action); "${name}" has text ones: use --target sarsa, or mc with Monte-Carlo labels`);
    }
    if (space.kind === "text") {
      try {
        actionEncodingWidth(environment, flags.actionEncoding);
      } catch (error) {
        throw new ExitError(EXIT.invalid, `--action-encoding ${flags.actionEncoding}: ${(error as Error).message}`);
      }
    }
  };
}

/**
 * What the model file records of how it was made (its metadata_props): the task, the data's
 * environment and encoding, and every setting the task used. Nothing of when or where, so the same
 * command on the same data still makes the same bytes.
 */
function trainedHow(task: keyof typeof TASKS | "q (mc)", flags: TrainFlags, environment: string, about: Record<string, string>): Record<string, string> {
  const used = (option: keyof TrainFlags) => (FLAGS_OF_TASKS[option] ?? []).includes(task === "q (mc)" ? "q" : task);
  return {
    trained_by: `foresight train ${task}`,
    environment,
    ...about,
    ...(used("target") && task !== "q (mc)" ? { target: flags.target } : {}),
    ...(used("gamma") && task !== "q (mc)" ? { gamma: String(flags.gamma), iterations: String(flags.iterations) } : {}),
    hidden: flags.hidden.join(","),
    epochs: String(flags.epochs),
    lr: String(flags.lr),
    batch_size: String(flags.batchSize),
    seed: String(flags.seed),
    validation: String(flags.validation),
  };
}

/**
 * Trains with the flags' settings under a progress bar, stopped between two batches by Ctrl+C,
 * SIGTERM or a hang-up: the bar is taken off (the terminal's cursor and line wrap restored) and
 * --out is untouched, exit 1 as a stopped run's.
 */
async function trainStoppably(task: string, flags: TrainFlags, train: (settings: TrainingSettings) => Promise<TrainedModel>): Promise<TrainedModel> {
  const bar = trainingProgress(task, flags.quiet === true);
  const stopping = new AbortController();
  const stopListening = onStopSignals(() => stopping.abort(), { once: true });
  const settings = { hidden: flags.hidden, epochs: flags.epochs, batchSize: flags.batchSize, lr: flags.lr, seed: flags.seed, validationFraction: flags.validation, onProgress: bar.update };
  try {
    return await train({ ...settings, signal: stopping.signal });
  } catch (error) {
    if (stopping.signal.aborted) throw new ExitError(EXIT.runFailed, `stopped; ${flags.out} ${existsSync(flags.out) ? "left as it was" : "not written"}`);
    throw error;
  } finally {
    bar.stop();
    stopListening();
  }
}

/** A line on stderr, as the task's own ("q: reading …"), unless --quiet. */
function sayUnlessQuiet(task: string, flags: TrainFlags): (line: string) => void {
  return (line) => {
    if (!flags.quiet) process.stderr.write(`${task}: ${line}\n`);
  };
}

/** q --target mc: one supervised fit of Q(s, a) to the recorded candidates' Monte-Carlo returns. */
async function trainMonteCarloQ(flags: TrainFlags, dataPaths: readonly DataPath[], recordedBy: RecordedBy, refuseUnfit: (environment: Environment) => void): Promise<void> {
  const { pairs, environment, encoding } = await loadLabelledCandidates(dataPaths, recordedBy, flags.encoding, flags.actionEncoding, MonteCarloColumn.q, sayUnlessQuiet("q (mc)", flags), refuseUnfit);
  const { layout } = pairs;
  process.stderr.write(
    `q (mc): ${counted(pairs.count, "candidate")} labelled ${MonteCarloColumn.q}, ${layout.stateWidth} state features ("${encoding}"), ` +
      `${layout.actionWidth} action features ("${flags.actionEncoding}" of "${environment.name}"), ${layout.rowProducts} row products\n`,
  );
  const trained = await trainStoppably("q", flags, (settings) => trainLabelledQ(pairs, settings));
  const about = { encoding, action_encoding: flags.actionEncoding, candidates: String(pairs.count) };
  writeTrained(flags.out, trained, trainedHow("q (mc)", flags, environment.name, about), () => largestMagnitude(pairs.states, pairs.actions, pairs.targets));
}

/**
 * Throws, exit 1, for a model whose loss is not finite: it would score every candidate NaN, and a run
 * fail on its first step. `largestValue` (the data's, computed only then) tells which hint fits.
 */
export function refuseDiverged(out: string, trained: Pick<TrainedModel, "trainLoss" | "validationLoss">, largestValue: () => number): void {
  if ([trained.trainLoss, trained.validationLoss ?? 0].every(Number.isFinite)) return;
  throw new ExitError(EXIT.runFailed, `training diverged (final loss: train ${trained.trainLoss}, validation ${trained.validationLoss ?? "none held out"}); ${out} was not written: ${divergenceHint(largestValue())}`);
}

function writeTrained(out: string, trained: TrainedModel, how: Record<string, string>, largestValue: () => number): void {
  refuseDiverged(out, trained, largestValue);
  const validation = trained.validationLoss === undefined ? "none held out" : trained.validationLoss.toPrecision(4);
  const losses = { train_loss: trained.trainLoss.toPrecision(4), ...(trained.validationLoss === undefined ? {} : { validation_loss: validation }) };
  const onnx = withMetadata(trained.onnx, { ...how, ...losses });
  // Said, not asked: retraining into the same file is the usual loop, and the command line shows the name.
  const replaced = existsSync(out);
  writeFileAtomic(out, onnx);
  const inputs = trained.inputs.map(({ name, width }) => `"${name}" [batch, ${width}]`).join(", ");
  process.stdout.write(
    `${replaced ? "replaced" : "wrote"} ${out} (${(onnx.length / 1024).toFixed(1)} KiB): ${trained.inputs.length === 1 ? "input" : "inputs"} ${inputs} → ` +
      `${trained.outputs.map((o) => `"${o}"`).join(", ")}\nfinal loss: train ${trained.trainLoss.toPrecision(4)}, validation ${validation}\n`,
  );
}
