/**
 * The path a node's params give for `target` (relative to the root, e.g. from the model picker's
 * list) so that it resolves from the folder of the pipeline at `pipelinePath` (also relative to
 * the root): ("examples/a.foresight.json", "assets/models/q.onnx") → "../assets/models/q.onnx".
 * Both paths are normalised ("/" separators, no "." or ".." segments), as the host lists them.
 */
export function pathFromPipeline(pipelinePath: string, target: string): string {
  const from = pipelinePath.split("/").filter(Boolean).slice(0, -1);
  const to = target.split("/").filter(Boolean);
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => ".."), ...to.slice(common)].join("/");
}
