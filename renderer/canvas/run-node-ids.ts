import { useEffect } from "react";
import { create } from "zustand";
import { fromPipelineDocument } from "../document/pipeline.js";
import { useTransport } from "../transport-context.js";

/** The node ids of the pipeline each run folder ran with (its copy), read once per folder. */
const useRunNodeIds = create<Record<string, ReadonlySet<string>>>()(() => ({}));
const asked = new Set<string>();

/**
 * Whether node `nodeId` was in the run at `runDir`: a node added to the canvas since was not, and its
 * badge stays idle. Until the run's own pipeline is read (or where it cannot be) it counts as in it.
 */
export function useInRun(runDir: string | null, nodeId: string): boolean {
  const transport = useTransport();
  useEffect(() => {
    if (runDir === null || asked.has(runDir)) return;
    asked.add(runDir);
    transport.openRun(runDir).then(
      (record) => useRunNodeIds.setState({ [runDir]: new Set(fromPipelineDocument(record.pipeline).nodes.map((node) => node.id)) }),
      () => asked.delete(runDir),
    );
  }, [runDir, transport]);
  return useRunNodeIds((ids) => runDir === null || ids[runDir]?.has(nodeId) !== false);
}
