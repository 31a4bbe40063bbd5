import { useCallback } from "react";
import { useEditor } from "../document/editor-store.js";
import { toPipelineDocument } from "../document/pipeline.js";
import { isTrusted } from "../run/trusted-hashes.js";
import { startLive } from "../trace/start-live.js";
import { forkTrace, mainTrace } from "../trace/trace-store.js";
import type { StepRef } from "../trace/trace-types.js";
import { useTransport } from "../transport-context.js";

export const UNTITLED = "untitled.foresight.json";

/** Where the shown fork branched off (the original's folder, episode and step). */
export interface ForkOriginView extends StepRef {
  runDir: string;
}

/** The fork the Fork tab compares; null before the first fork. */
export let lastForkOrigin: ForkOriginView | null = null;

/**
 * "Fork from this step": re-runs the rest of the episode with the pipeline as the editor has it now.
 * The fork runs live (the toolbar's Pause/Step/Stop act on it) into its own view, beside the original.
 */
export function useForkAction(onForked: () => void) {
  const transport = useTransport();
  return useCallback(
    async (from: ForkOriginView) => {
      const { doc, path, say } = useEditor.getState();
      const pipeline = toPipelineDocument(doc);
      let trust: { scripts: string[]; hash: string };
      try {
        trust = await transport.trustInfo(pipeline);
      } catch (error) {
        say(`Could not fork: ${(error as Error).message}`, "error");
        return;
      }
      const hasScripts = trust.scripts.length > 0;
      if (hasScripts && !isTrusted(trust.hash)) {
        say("This pipeline runs Script code: press Run once and trust it, then fork.", "error");
        return;
      }
      lastForkOrigin = from;
      const request = { runDir: from.runDir, episode: from.episode, step: from.step, doc: pipeline, path: path ?? UNTITLED, ...(hasScripts ? { options: { trustedHash: trust.hash } } : {}) };
      const started = startLive(forkTrace, () => transport.forkRun(request), "pending");
      onForked();
      void started.then((error) => error && say(`Could not fork: ${error}`, "error"));
      // The original episode, read back whole for the comparison.
      if (!mainTrace.getState().loaded.has(from.episode)) mainTrace.getState().select({ episode: from.episode, step: from.step });
    },
    [transport, onForked],
  );
}
