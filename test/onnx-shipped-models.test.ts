import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeFloatModel } from "../runtime/inference/float-graph.js";
import { runAsync, tempDir } from "./fixtures/foresight-process.js";
import { needs, python, PYTHON } from "./fixtures/requirements.js";

const MODELS = "assets/models";
const shipped = readdirSync(MODELS).filter((name) => name.endsWith(".onnx")).sort();
/** Models another script makes (from thousands of recorded episodes: too slow to remake here), checked below only by onnx.checker. */
const MADE_ELSEWHERE: Record<string, string> = {
  "shopping-q.onnx": "tools/make-shopping-q.sh",
  "pointmass-policy.onnx": "tools/make-pointmass-models.sh",
  "pointmass-dynamics.onnx": "tools/make-pointmass-models.sh",
};
const madeByMakeModels = shipped.filter((name) => !(name in MADE_ELSEWHERE));
const dir = tempDir("onnx-shipped");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the example models in assets/models", () => {
  it("are what tools/make-models.sh makes today, byte for byte", { timeout: 420_000 }, async () => {
    expect(shipped.length).toBeGreaterThan(0);
    // A stand-in repository: the script writes assets/models/ next to its own folder, so only that folder
    // and tools/ are real; the built CLI and the examples it records with are the working tree's.
    const repo = join(dir, "repo");
    mkdirSync(join(repo, "tools"), { recursive: true });
    mkdirSync(join(repo, MODELS), { recursive: true });
    for (const tool of ["make-models.sh", "pendulum-planner.foresight.json", "make-cartpole-models.sh", "cartpole-heuristic.foresight.json"]) copyFileSync(join("tools", tool), join(repo, "tools", tool));
    for (const entry of ["bin", "dist", "examples", "node_modules", "package.json"]) symlinkSync(resolve(entry), join(repo, entry));

    const made = await runAsync("bash", ["tools/make-models.sh"], { cwd: repo });
    expect(made.code, made.stderr).toBe(0);
    expect(readdirSync(join(repo, MODELS)).sort()).toEqual(madeByMakeModels);
    for (const name of madeByMakeModels) {
      expect(readFileSync(join(repo, MODELS, name)).equals(readFileSync(join(MODELS, name))), `${name} is reproduced exactly`).toBe(true);
    }
  });

  it("pass the ONNX reference checker (onnx.checker, full_check), which refuses a broken model", needs(python(["onnx"])), async () => {
    // The control: an operator no opset has.
    const broken = join(dir, "unknown-op.onnx");
    writeFileSync(broken, encodeFloatModel({ inputs: { x: ["batch", 3] }, outputs: { y: ["batch", 3] }, nodes: [{ op: "NoSuchOp", inputs: ["x"], outputs: ["y"] }] }));
    const check = [
      "import onnx, sys",
      "for path in sys.argv[1:]:",
      "    try:",
      "        onnx.checker.check_model(onnx.load(path), full_check=True)",
      "        print('ok', path)",
      "    except Exception as error:",
      "        print('refused', path, str(error).splitlines()[0] if str(error) else type(error).__name__)",
    ].join("\n");
    const result = await runAsync(PYTHON, ["-c", check, ...shipped.map((name) => join(MODELS, name)), broken]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines.slice(0, -1)).toEqual(shipped.map((name) => `ok ${join(MODELS, name)}`));
    expect(lines.at(-1)).toMatch(new RegExp(`^refused ${broken} .*NoSuchOp`));
  });
});
