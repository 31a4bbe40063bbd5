import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foresight, tempDir, type Finished } from "./fixtures/foresight-process.js";
import { GYM_PYTHON, gymnasium, needs } from "./fixtures/requirements.js";

// What `foresight train` makes of the data paths it is given: which run, file and environment each
// is, checked before anything is read or trained. Two small recorded runs are shared by every test.
const dir = tempDir("train-sources");
let gridworld: string;

/** Records a few episodes of an example; returns its run folder. */
function record(example: string, episodes: number, ...args: string[]): string {
  const out = join(dir, `runs-${example}-${readdirSync(dir).length}`);
  const recorded = foresight("run", `examples/${example}.foresight.json`, "--episodes", String(episodes), "--out", out, "--quiet", "--trace", "off", "--workers", "1", ...args);
  expect(recorded.code, recorded.stderr).toBe(0);
  return join(out, readdirSync(out)[0]!);
}

const train = (...args: string[]) => foresight("train", "q", "--epochs", "1", "--iterations", "1", "--quiet", "--out", join(dir, "q.onnx"), ...args);

/** Exit 2, with `says` as the one line on stderr. */
function refused(result: Finished, says: string): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toBe(`foresight: ${says}\n`);
}

beforeAll(() => {
  gridworld = record("gridworld-policy-only", 5);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("foresight train refuses the same data named twice", () => {
  it("refuses a run folder given twice, naming both as given", () => {
    refused(train(gridworld, "--data", gridworld), `${gridworld} and --data ${gridworld} are the same data (${gridworld}/dataset/transitions.parquet): it would be trained on twice, and its validation episodes trained on too; name it once`);
  });

  it("refuses a run folder and its own transitions file, though one is read as Parquet and the other as JSONL", () => {
    const file = join(gridworld, "dataset/transitions.jsonl");
    refused(train(gridworld, file), `${gridworld} and ${file} are the same data (${file}): it would be trained on twice, and its validation episodes trained on too; name it once`);
  });
});

describe("foresight train names the run and file at fault, and the environment each was recorded on", () => {
  let pendulum: string;
  beforeAll(() => {
    pendulum = record("pendulum-random", 1);
  }, 60_000);

  it("refuses runs recorded on different environments before reading them", () => {
    refused(
      train(gridworld, pendulum),
      `${gridworld} was recorded on gridworld (map lava-bridge, size 9, slip 0.1, gamma 0.99), ${pendulum} on pendulum (g 10, maxEpisodeSteps 200) (as their pipeline copies say): one model is trained for one environment; train on each apart, or, where both record one world's observations (built-in cartpole and Gymnasium's CartPole-v1), pass --pipeline <file> to read both as that file's`,
    );
  });

  it("refuses runs of one environment with other params, offering --pipeline", () => {
    const slippery = record("gridworld-policy-only", 2, "--set", "env.slip=0.3");
    const result = train(gridworld, slippery);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`${slippery} on gridworld (map lava-bridge, size 9, slip 0.3, gamma 0.99) (as their pipeline copies say)`);
    expect(result.stderr).toContain("or pass --pipeline <file> to read both as that file's");
    expect(train(gridworld, slippery, "--pipeline", "examples/gridworld-policy-only.foresight.json").code).toBe(0);
  });

  it("names the one file, episode and step that --pipeline's environment cannot read, and what recorded it", () => {
    const result = train(gridworld, pendulum, "--pipeline", "examples/gridworld-policy-only.foresight.json");
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`^foresight: ${pendulum}/dataset/transitions\\.parquet, episode 0, step 0: gridworld: .* is not a gridworld observation .* \\(recorded on pendulum \\(g 10, maxEpisodeSteps 200\\), as ${pendulum}'s pipeline copy says; read as gridworld's\\)\\n$`),
    );
  });
});

describe("foresight train says what a run folder or dataset lacks", () => {
  it("says a run folder lost its pipeline copy, and trains on its dataset given --pipeline", () => {
    const copy = join(dir, "no-pipeline-copy");
    cpSync(gridworld, copy, { recursive: true });
    rmSync(join(copy, "pipeline.foresight.json"));
    const says = `${copy}: a run folder without its pipeline copy (pipeline.foresight.json), so which environment recorded its data is unknown: pass --pipeline <file>, the pipeline it was run from`;
    refused(train(copy), says);
    refused(train(join(copy, "dataset/transitions.jsonl")), says);
    const given = train(copy, "--pipeline", "examples/gridworld-policy-only.foresight.json");
    expect(given.code, given.stderr).toBe(0);
  });

  it("says an empty transitions file is empty, rather than ask for --pipeline", () => {
    const folder = join(dir, "empty/dataset");
    mkdirSync(folder, { recursive: true });
    const file = join(folder, "transitions.jsonl");
    writeFileSync(file, "");
    refused(train(file), `${file}: the dataset is empty (no transitions were written to it)`);
    refused(train(join(dir, "empty")), `${join(dir, "empty")} (${file}): the dataset is empty (no transitions were written to it)`);
  });
});

describe("foresight train refuses an --out that would write the model over what it reads, before training", () => {
  const trainTo = (out: string, ...args: string[]) => foresight("train", "q", "--epochs", "1", "--iterations", "1", "--quiet", "--out", out, ...args);

  it("refuses the training data itself as --out, and leaves it as it was", () => {
    const alone = join(dir, "out-is-data");
    mkdirSync(alone);
    const data = join(alone, "v.jsonl");
    cpSync(join(gridworld, "dataset/transitions.jsonl"), data);
    const before = readFileSync(data);
    refused(
      trainTo(data, "--pipeline", "examples/gridworld-policy-only.foresight.json", data),
      `--out ${data} is ${data}, an input of this training: the model would replace it; name another file`,
    );
    expect(readFileSync(data).equals(before)).toBe(true);
  });

  it("refuses the --pipeline file, and a file inside a run folder trained on (named or through its dataset)", () => {
    const pipeline = join(dir, "copy.foresight.json");
    cpSync("examples/gridworld-policy-only.foresight.json", pipeline);
    refused(trainTo(pipeline, gridworld, "--pipeline", pipeline), `--out ${pipeline} is --pipeline ${pipeline}, an input of this training: the model would replace it; name another file`);
    const copy = join(gridworld, "pipeline.foresight.json");
    refused(trainTo(copy, gridworld), `--out ${copy} lies inside ${gridworld}, which this training reads: writing pipeline.foresight.json there would damage it; name a file outside it`);
    refused(
      trainTo(copy, join(gridworld, "dataset/transitions.jsonl")),
      `--out ${copy} lies inside ${gridworld}, the run folder of ${join(gridworld, "dataset/transitions.jsonl")}, which this training reads: writing pipeline.foresight.json there would damage it; name a file outside it`,
    );
    expect(readFileSync(copy, "utf8")).toContain('"nodes"');
  });

  it("refuses an existing file that is not a model, and replaces a model or any *.onnx", () => {
    const notes = join(dir, "notes.txt");
    writeFileSync(notes, "my notes\n");
    refused(trainTo(notes, gridworld), `--out ${notes} exists and is not an ONNX model: the model would replace it; remove it first or name another file`);
    expect(readFileSync(notes, "utf8")).toBe("my notes\n");
    const damaged = join(dir, "damaged.onnx");
    writeFileSync(damaged, "not yet a model");
    const replaced = trainTo(damaged, gridworld);
    expect(replaced.code, replaced.stderr).toBe(0);
    const model = join(dir, "model.bin");
    cpSync(damaged, model);
    expect(trainTo(model, gridworld).code).toBe(0);
  });
});

describe("foresight train on runs of one world served two ways", needs(gymnasium()), () => {
  const gym = (...args: string[]) => record("cartpole-policy-only", 2, "--set", "env.name=gymnasium", "--set", `env.python=${GYM_PYTHON}`, ...args);

  it("trains on Gymnasium runs that differ only in how the world is served (a process timeout, snapshots), which changes no world", () => {
    const result = foresight("train", "value", "--epochs", "1", "--iterations", "1", "--quiet", "--out", join(dir, "v.onnx"), gym(), gym("--set", "env.timeoutMs=20000", "--set", "env.snapshot=off"));
    expect(result.code, result.stderr).toBe(0);
  });

  it("offers --pipeline for built-in cartpole and Gymnasium's CartPole-v1, and trains on both given it", () => {
    const [builtIn, gymnasiumRun] = [record("cartpole-policy-only", 2), gym()];
    const value = (...args: string[]) => foresight("train", "value", "--epochs", "1", "--iterations", "1", "--quiet", "--out", join(dir, "v.onnx"), builtIn, gymnasiumRun, ...args);
    refused(
      value(),
      `${builtIn} was recorded on cartpole (maxEpisodeSteps 500), ${gymnasiumRun} on gymnasium (id CartPole-v1, makeArgs {}) (as their pipeline copies say): one model is trained for one environment; train on each apart, or, where both record one world's observations (built-in cartpole and Gymnasium's CartPole-v1), pass --pipeline <file> to read both as that file's`,
    );
    const given = value("--pipeline", "examples/cartpole-policy-only.foresight.json");
    expect(given.code, given.stderr).toBe(0);
  });
});
