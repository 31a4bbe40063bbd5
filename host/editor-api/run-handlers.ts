import { basename, dirname } from "node:path";
import type { NodeRegistry } from "../../runtime/registry.js";
import { packageVersion } from "../package-root.js";
import { writeRunReport } from "../report/write-report.js";
import { forkReplayFrom } from "../../runtime/trace/fork-replay.js";
import type { Handlers } from "./handlers.js";
import type { RunFolders } from "./run-folders.js";
import type { HostRuns } from "./runs.js";
import { SweepFolders } from "./sweep-folders.js";
import { trustInfo } from "./trust-info.js";

type RunMethods = "startRun" | "controlRun" | "forkRun" | "listRuns" | "listLiveRuns" | "episodesInProgress" | "openRun" | "readEpisode" | "trustInfo" | "listSweeps" | "openSweep" | "writeReport" | "annotateRun" | "deleteRun";

/**
 * The run methods, the same in every host: only where a pipeline path points (`pipelineFile`:
 * under serve's root, or a file the desktop user chose; it throws when `doc` names a file the host
 * refuses) and where run folders live (`folders`) differ.
 */
export function runHandlers(
  runs: HostRuns,
  folders: RunFolders,
  pipelineFile: (path: string, doc: unknown) => string,
  registry: NodeRegistry,
): Pick<Handlers, RunMethods> {
  const sweeps = new SweepFolders(folders.places, (runDir) => folders.trace(runDir));
  return {
    startRun: ({ doc, path, options }) => runs.start(doc, pipelineFile(path, doc), options ?? {}),
    controlRun: ({ runId, action }) => {
      runs.control(runId, action);
      return null;
    },
    forkRun: async ({ runDir, episode, step, doc, path, options }) => {
      const file = pipelineFile(path, doc);
      const dir = folders.resolveRun(runDir);
      const origin = { runDir: folders.clientPath(dir), episode, step };
      const trace = await folders.indexed(dir);
      return runs.start(doc, file, options ?? {}, (validated) => forkReplayFrom(trace, origin, validated.pipeline.run.maxSteps));
    },
    listRuns: () => folders.list(),
    listLiveRuns: () => runs.list(),
    episodesInProgress: ({ runId }) => runs.episodesInProgress(runId),
    openRun: ({ runDir }) => folders.open(runDir),
    readEpisode: ({ runDir, episode }) => folders.readEpisode(runDir, episode),
    trustInfo: ({ doc }) => trustInfo(doc, registry),
    listSweeps: () => sweeps.list(),
    openSweep: ({ sweepDir }) => sweeps.open(sweepDir),
    writeReport: ({ runDir }) => {
      const showPath = (path: string) => `${folders.clientPath(dirname(path))}/${basename(path)}`;
      const { path, html, warnings } = writeRunReport({ runDir: folders.resolveRun(runDir), version: packageVersion(), showPath });
      return { path: showPath(path), html, warnings };
    },
    annotateRun: ({ runDir, title, notes }) => {
      folders.annotate(runDir, { title, notes });
      return null;
    },
    deleteRun: ({ runDir }) => {
      folders.delete(runDir);
      return null;
    },
  };
}
