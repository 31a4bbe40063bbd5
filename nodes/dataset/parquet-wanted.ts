import { readFileSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { RUN_FOLDER, runFile } from "../../runtime/run-folder.js";

interface DatasetNodeCopy {
  kind?: string;
  params?: { formats?: unknown; folder?: unknown };
}

/**
 * Whether the run's pipeline copy has a dataset node writing Parquet into `folder` (or into it in a
 * shard, `shards/<k>/<folder>`): a stream there without its Parquet file lost it, not never had it.
 */
export function pipelineWantsParquet(runDir: string, folder: string): boolean {
  let nodes: DatasetNodeCopy[];
  try {
    nodes = (JSON.parse(readFileSync(runFile(runDir, "pipeline"), "utf8")) as { nodes?: DatasetNodeCopy[] }).nodes ?? [];
  } catch {
    return false;
  }
  const inRun = relative(resolve(runDir), resolve(folder)).split(sep).join("/").replace(/^shards\/[^/]+\//, "");
  return nodes.some((node) => {
    if (node.kind !== "dataset") return false;
    const formats = Array.isArray(node.params?.formats) ? node.params.formats : ["jsonl", "parquet"];
    const nodeFolder = typeof node.params?.folder === "string" ? node.params.folder : RUN_FOLDER.dataset;
    return formats.includes("parquet") && relative(".", nodeFolder).split(sep).join("/") === inRun;
  });
}
