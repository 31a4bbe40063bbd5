import { useCallback } from "react";
import { create } from "zustand";
import type { PipelineDocument, Transport, TrustInfo } from "../../protocol/index.js";
import { useEditor } from "../document/editor-store.js";
import { toPipelineDocument, type EditorDocument } from "../document/pipeline.js";
import { trustToRun } from "../run/trust-question.js";
import { startLive } from "../trace/start-live.js";
import { forkTrace, mainTrace } from "../trace/trace-store.js";
import type { StepRef } from "../trace/trace-types.js";
import { useTransport } from "../transport-context.js";

export const UNTITLED = "untitled.foresight.json";

/** The pipeline copy every run folder holds (runtime/run-folder.ts RUN_FOLDER.pipeline). */
const RUN_PIPELINE = "pipeline.foresight.json";

/** Where the shown fork branched off (the original's folder, episode and step). */
export interface ForkOriginView extends StepRef {
  runDir: string;
}

/** The fork the Fork tab compares: where it branched off, and why it did not start (instead of "starting…" for ever). */
interface ForkState {
  origin: ForkOriginView | null;
  error: string | null;
}

export const useFork = create<ForkState>()(() => ({ origin: null, error: null }));

/** Another document was loaded: its fork panel starts empty. */
export function forgetFork(): void {
  useFork.setState({ origin: null, error: null });
}

/**
 * Whether a fork of a run made from the pipeline `runPipeline` (its name) goes on with the canvas:
 * when the canvas holds that pipeline (changed since or not). Over an empty canvas, or another
 * pipeline (a run opened from the Runs tab), it goes on with the run's own.
 */
export function forksWithCanvas(runPipeline: string | undefined, doc: Pick<EditorDocument, "name" | "nodes">): boolean {
  return doc.nodes.length > 0 && (runPipeline === undefined || runPipeline === doc.name);
}

/**
 * The pipeline a fork continues with: the canvas's (unsaved changes included) where it holds the
 * run's pipeline, else the run's own copy, which names its models relative to the original's
 * folder (its baseDir).
 */
async function forkPipeline(transport: Transport, runDir: string): Promise<{ pipeline: PipelineDocument; path: string; fromRun: string | undefined }> {
  const { doc, path } = useEditor.getState();
  const runPipeline = [mainTrace, forkTrace].map((trace) => trace.getState().data).find((shown) => shown.runDir === runDir)?.start?.pipeline;
  if (forksWithCanvas(runPipeline, doc)) return { pipeline: toPipelineDocument(doc), path: path ?? UNTITLED, fromRun: undefined };
  const why = doc.nodes.length === 0 ? "The canvas is empty" : `The run is of “${runPipeline}”, not the canvas's “${doc.name}”`;
  try {
    const record = await transport.openRun(runDir);
    return { pipeline: record.pipeline, path: `${runDir}/${RUN_PIPELINE}`, fromRun: why };
  } catch (error) {
    throw new Error(`${why.charAt(0).toLowerCase()}${why.slice(1)} and the run's own pipeline (${runDir}/${RUN_PIPELINE}) could not be read: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * "Fork from this step": re-runs the rest of the episode with the pipeline as the editor has it now
 * (the run's own pipeline over an empty canvas or another pipeline). The fork runs live (the toolbar's Pause/Step/Stop
 * act on it) into its own view, beside the original.
 */
export function useForkAction(onForked: () => void) {
  const transport = useTransport();
  return useCallback(
    async (from: ForkOriginView) => {
      const { say } = useEditor.getState();
      const refuse = (message: string) => {
        useFork.setState({ origin: from, error: message });
        onForked();
        say(`Could not fork: ${message}`, "error");
      };
      let chosen: Awaited<ReturnType<typeof forkPipeline>>;
      let trust: TrustInfo;
      try {
        chosen = await forkPipeline(transport, from.runDir);
        trust = await transport.trustInfo(chosen.pipeline);
      } catch (error) {
        return refuse((error as Error).message);
      }
      // Asked here, as Run asks: the fork is the pipeline's first run on this page as often as not.
      if (!(await trustToRun(chosen.pipeline, trust, "fork"))) return;
      const needsTrust = trust.scripts.length > 0;
      useFork.setState({ origin: from, error: null });
      const request = { runDir: from.runDir, episode: from.episode, step: from.step, doc: chosen.pipeline, path: chosen.path, ...(needsTrust ? { options: { trustedHash: trust.hash } } : {}) };
      const started = startLive(forkTrace, () => transport.forkRun(request), "pending");
      onForked();
      if (chosen.fromRun) say(`${chosen.fromRun}: the fork goes on with the run's own pipeline, ${chosen.path}`);
      void started.then((error) => {
        if (!error) return;
        useFork.setState((fork) => (fork.origin === from ? { error } : fork));
        say(`Could not fork: ${error}`, "error");
      });
      // The original episode, read back whole for the comparison.
      if (!mainTrace.getState().loaded.has(from.episode)) mainTrace.getState().select({ episode: from.episode, step: from.step });
    },
    [transport, onForked],
  );
}
