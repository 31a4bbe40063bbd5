import type { Command } from "commander";
import { readModelInfo } from "../../runtime/inference/model-info.js";
import { modelLoadFailure } from "../../runtime/inference/model-loads.js";
import { EXIT, ExitError } from "../exit.js";
import { table } from "../format-summary.js";

export function registerModel(program: Command): void {
  program
    .command("model <file>")
    .description("list an ONNX model's inputs and outputs (names, element types, shapes), to map them to a node's ports")
    .option("--json", "print them as JSON")
    .action((file: string, flags: { json?: boolean }) => {
      let info;
      try {
        info = readModelInfo(file);
      } catch (error) {
        throw new ExitError(EXIT.invalid, (error as Error).message);
      }
      // Its interface is still shown: it helps to see what the file holds when ONNX Runtime refuses it.
      const failure = modelLoadFailure(file);
      if (flags.json) {
        process.stdout.write(JSON.stringify(info) + "\n");
        if (failure) throw new ExitError(EXIT.invalid, failure);
        return;
      }
      const rows = [
        ["", "name", "type", "shape"],
        ...info.inputs.map((t) => ["input", t.name, t.type, JSON.stringify(t.shape)]),
        ...info.outputs.map((t) => ["output", t.name, t.type, JSON.stringify(t.shape)]),
      ];
      const about = [info.producer && `made by ${info.producer}`, info.opset && `opset ${info.opset}`].filter(Boolean).join(", ");
      const notes = Object.entries(info.metadata ?? {});
      process.stdout.write(`${file}${about ? ` (${about})` : ""}\n${table(rows)}\n${notes.length > 0 ? `\n${table(notes)}\n` : ""}`);
      if (failure) throw new ExitError(EXIT.invalid, failure);
    });
}
