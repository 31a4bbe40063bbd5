import { resolve } from "node:path";
import type { ParamProblem } from "../../runtime/node-kind.js";
import { ggufFileProblem } from "./embedded/gguf-file.js";
import type { LlmConnection } from "./params.js";

/** What validation finds wrong with an LLM node's connection before any run: an embedded model's file that is missing or no GGUF model. */
export function connectionProblems(p: LlmConnection, pipelineDir: string): ParamProblem[] {
  if (p.provider !== "embedded") return [];
  const problem = ggufFileProblem(resolve(pipelineDir, p.model));
  return problem === undefined ? [] : [{ path: ["model"], message: problem }];
}
