import type { OpenedSweep, SweepListing } from "../../protocol/index.js";
import { sweptAxes } from "../sweep/grid.js";
import { isSweepFolder, readSweepFolder } from "../sweep/sweep-folder.js";
import { runFile } from "../../runtime/run-folder.js";
import { TraceIndex } from "../../runtime/trace/trace-index.js";
import { foldersIn, type RunPlaces } from "./run-folders.js";
import { unfinishedSettings } from "./sweep-unfinished.js";

/** The sweep folders `foresight sweep` wrote into a host's runs folders: listed, and opened for their table and chart. */
export class SweepFolders {
  constructor(
    private readonly places: RunPlaces,
    /** A run folder's trace index, to count an unfinished setting's episodes (a host that keeps indexes hands its own). */
    private readonly traceOf: (runDir: string) => TraceIndex = (runDir) => new TraceIndex(runFile(runDir, "trace"), places.clientPath(runDir)),
  ) {}

  /** Every sweep folder, newest first; one that cannot be read is left out (opening it names the problem). */
  list(): SweepListing[] {
    const listings: SweepListing[] = [];
    for (const dir of foldersIn(this.places.runsDirs())) {
      if (!isSweepFolder(dir)) continue;
      try {
        const { record } = readSweepFolder(dir, dir);
        const { pipeline, startedAt, status, settings } = record;
        listings.push({ sweepDir: this.places.clientPath(dir), pipeline, startedAt, status, settings, points: record.points.length, swept: sweptAxes(record.axes).map((axis) => axis.key) });
      } catch {
        // Not listed: openSweep says why.
      }
    }
    return listings.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  open(sweepDir: string): OpenedSweep {
    const dir = this.places.resolve(sweepDir);
    const { record, chartSvg } = readSweepFolder(dir, sweepDir);
    return { sweepDir: this.places.clientPath(dir), record, unfinished: unfinishedSettings(dir, record, this.traceOf), chartSvg };
  }
}
