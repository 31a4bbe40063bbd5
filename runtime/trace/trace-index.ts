import { closeSync, openSync, readSync, statSync } from "node:fs";
import { countNote, withNote, type CountedNotes, type KeptNotes } from "../../protocol/node-notes.js";
import { episodeRangesText } from "../../protocol/episode-ranges.js";
import type { EpisodeResult, ModelUse, NodeFailure, RunEvent } from "../engine/events.js";
import { withExpandedCandidates } from "./candidate-rows.js";

type RunStart = Extract<RunEvent, { type: "run.start" }>;
type RunEnd = Extract<RunEvent, { type: "run.end" }>;

/** Where one episode's lines are in trace.jsonl: [start, end) in bytes; `end` unset while it runs. */
interface EpisodeSpan {
  start: number;
  end: number | undefined;
  /** The line number (from 1) of its first line, so errors can name lines a user finds with an editor. */
  line: number;
}

/** A line the index could not read and skipped: its number (from 1), byte offset and why. */
export interface SkippedLine {
  line: number;
  offset: number;
  reason: string;
}

/** Read this much of the file at a time while indexing. */
const CHUNK_BYTES = 1 << 20;
/** Lines the index parses; every other line (the per-step bulk) is only scanned for its end. */
const INDEXED_PREFIXES = ['{"type":"run.', '{"type":"episode.', '{"type":"model.load"', '{"type":"node.error"', '{"type":"node.log"'].map((p) => Buffer.from(p));
const EVENT_PREFIX = Buffer.from('{"type":"');
const NEWLINE = 0x0a;

/**
 * A small index of one trace.jsonl: its run.start and run.end, every episode's byte span, the
 * finished episodes and loaded models. `update()` reads only what was appended since the last call
 * (a running trace grows), and starts over when the file was replaced or shrank; reading one
 * episode then reads just its bytes instead of parsing the whole file.
 */
export class TraceIndex {
  start: RunStart | undefined;
  end: RunEnd | undefined;
  readonly episodes: EpisodeResult[] = [];
  readonly models: ModelUse[] = [];
  /** What the run's nodes noted (node.log), the first NODE_NOTES_KEPT. */
  notes: KeptNotes = { notes: [], more: 0 };
  /** The same notes with identical ones counted once (a report lists a queued run's per-batch note once). */
  readonly countedNotes: CountedNotes = { notes: [], more: 0 };
  /** The run's first node error: a run whose episodes failed only in part has none in its summary. */
  firstError: NodeFailure | undefined;
  /** The node error the run ended on (its node.error that `ends` "run": onNodeError "endRun", or a failure outside any episode). */
  runEndingError: NodeFailure | undefined;
  /**
   * Damaged lines (not JSON, or not an event) skipped while indexing: one hand-edited or torn line
   * should not cost the whole run. An episode with one of them is refused by `readEpisode`.
   */
  readonly skipped: SkippedLine[] = [];
  private spans = new Map<number, EpisodeSpan>();
  /** Bytes indexed so far; always just after a newline. */
  private indexed = 0;
  /** Lines indexed so far (the number of the last one). */
  private linesIndexed = 0;
  private identity = "";
  private mtimeMs = -1;
  /** The file's size at the last update, and how far that update read. */
  private size = 0;
  private scannedTo = 0;

  constructor(
    readonly path: string,
    /** How errors name the run (its folder, as the user sees it). */
    readonly runName: string,
  ) {}

  /**
   * Indexes what was appended since the last call; throws naming the run when the file cannot be
   * read or holds a broken line. `budgetBytes` bounds the work of one call (`pending` tells whether
   * more is left), so a host can index a large trace in slices between other requests.
   */
  update(budgetBytes = Infinity): this {
    let stat;
    try {
      stat = statSync(this.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new Error(`run ${this.runName} has no trace.jsonl: not a run folder`, { cause: error });
      throw new Error(`run ${this.runName}: cannot read its trace.jsonl (${code ?? (error as Error).message})`, { cause: error });
    }
    const identity = `${stat.dev}:${stat.ino}`;
    if (identity !== this.identity || stat.size < this.indexed) this.reset(identity);
    else if (stat.size === this.indexed && stat.mtimeMs === this.mtimeMs) return this;
    this.mtimeMs = stat.mtimeMs;
    const from = this.indexed;
    this.scannedTo = Math.min(stat.size, from + budgetBytes);
    this.scan(this.scannedTo);
    // A line longer than the budget: take it whole rather than never getting past it.
    if (this.indexed === from && this.scannedTo < stat.size) this.scan((this.scannedTo = stat.size));
    this.size = stat.size;
    return this;
  }

  /** Whether the last `update` stopped short of the file's end (its budget ran out). */
  get pending(): boolean {
    return this.scannedTo < this.size;
  }

  /** How far into the file the last `update` read, and the file's size then. */
  get progress(): { scanned: number; size: number } {
    return { scanned: this.scannedTo, size: this.size };
  }

  /** Episodes started (finished or not). */
  get episodesPlayed(): number {
    return this.spans.size;
  }

  /** Every event of one episode, episode.start … episode.end (and a node.error that ended it); a running one as far as written. */
  readEpisode(episode: number): RunEvent[] {
    // An episode indexed to its end needs nothing appended since (a live run's trace may be long past it).
    if (this.spans.get(episode)?.end === undefined) this.update();
    const span = this.spans.get(episode);
    if (!span) throw new Error(this.missingEpisode(episode));
    const end = span.end ?? this.indexed;
    const damaged = this.skipped.find((line) => line.offset >= span.start && line.offset < end);
    if (damaged) throw new Error(`run ${this.runName}: episode ${episode} cannot be read: trace.jsonl line ${damaged.line} ${damaged.reason}`);
    const events: RunEvent[] = [];
    this.forEachLine(span.start, end, span.line, (text, _offset, _next, line) => {
      if (text === undefined) return;
      const event = this.parse(text, line);
      // Defensive: a line of another episode (only episode-scoped events carry `episode`).
      if (!("episode" in event) || event.episode === episode) events.push(event);
    });
    return events;
  }

  /** "run X has no episode 7: it played 5 (0–4)"; by ranges where it has gaps: "it played 110 (0–99, 110–119)". */
  missingEpisode(episode: number): string {
    const played = [...this.spans.keys()];
    const which = played.length === 0 ? "" : ` (${episodeRangesText(played)})`;
    return `run ${this.runName} has no episode ${episode}: it played ${played.length}${which}`;
  }

  /** "<file>: skipped 2 damaged lines (line 5000 is not JSON …)", once any were skipped; the file named as `file` says. */
  skippedInWords(file = this.path): string | undefined {
    const first = this.skipped[0];
    if (!first) return undefined;
    const count = this.skipped.length === 1 ? "1 damaged line" : `${this.skipped.length} damaged lines`;
    return `${file}: skipped ${count} (line ${first.line} ${first.reason})`;
  }

  private reset(identity: string): void {
    this.identity = identity;
    this.indexed = 0;
    this.linesIndexed = 0;
    this.skipped.length = 0;
    this.start = undefined;
    this.end = undefined;
    this.episodes.length = 0;
    this.models.length = 0;
    this.notes = { notes: [], more: 0 };
    this.countedNotes.notes.length = 0;
    this.countedNotes.more = 0;
    this.firstError = undefined;
    this.runEndingError = undefined;
    this.spans = new Map();
  }

  private scan(size: number): void {
    this.forEachLine(this.indexed, size, this.linesIndexed + 1, (text, offset, next, line) => {
      if (text !== undefined) this.indexReadable(text, offset, next, line);
      this.indexed = next;
      this.linesIndexed = line;
    }, true);
  }

  private indexReadable(text: string, offset: number, next: number, line: number): void {
    let event: RunEvent;
    try {
      event = this.parse(text, line);
    } catch (error) {
      // Line 1 is the run.start everything is read against: without it there is no run to read.
      if (line === 1) throw error;
      this.skipped.push({ line, offset, reason: (error as DamagedLineError).reason });
      return;
    }
    this.indexLine(event, offset, next, line);
  }

  private indexLine(event: RunEvent, offset: number, next: number, line: number): void {
    switch (event.type) {
      case "run.start":
        this.start ??= event;
        break;
      case "run.end":
        this.end = event;
        break;
      case "episode.start":
        this.spans.set(event.episode, { start: offset, end: undefined, line });
        break;
      case "episode.end": {
        const { type: _type, t: _t, ...result } = event;
        this.episodes.push(result);
        const span = this.spans.get(event.episode);
        if (span) span.end = next;
        break;
      }
      case "node.error": {
        const { type: _type, t: _t, ends, ...failure } = event;
        this.firstError ??= failure;
        if (ends === "run") this.runEndingError ??= failure;
        // An episode's error is written just after its episode.end: it belongs to that episode.
        const span = this.spans.get(event.episode);
        if (span?.end !== undefined && span.end === offset) span.end = next;
        break;
      }
      case "model.load": {
        const { type: _type, t: _t, ms: _ms, ...use } = event;
        this.models.push(use);
        break;
      }
      case "node.log":
        this.notes = withNote(this.notes, { node: event.node, message: event.message });
        countNote(this.countedNotes, { node: event.node, message: event.message });
        break;
      default:
    }
  }

  /**
   * Calls `visit` for each complete line in [from, to), with its byte offset, the offset after it and
   * its line number (`firstLine` for the line at `from`). Empty lines, and with `onlyIndexed` lines
   * of per-step events, are passed as undefined (not decoded).
   */
  private forEachLine(from: number, to: number, firstLine: number, visit: (text: string | undefined, offset: number, next: number, line: number) => void, onlyIndexed = false): void {
    if (to <= from) return;
    const fd = openSync(this.path, "r");
    try {
      let carry = Buffer.alloc(0);
      let base = from;
      let line = firstLine;
      for (let position = from; position < to; ) {
        const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, to - position));
        const read = readSync(fd, chunk, 0, chunk.length, position);
        if (read === 0) break;
        position += read;
        const buffer = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
        let lineStart = 0;
        for (let newline = buffer.indexOf(NEWLINE); newline !== -1; newline = buffer.indexOf(NEWLINE, lineStart)) {
          const offset = base + lineStart;
          const decode = newline > lineStart && (!onlyIndexed || wanted(buffer, lineStart, newline));
          visit(decode ? buffer.toString("utf8", lineStart, newline) : undefined, offset, base + newline + 1, line++);
          lineStart = newline + 1;
        }
        carry = buffer.subarray(lineStart);
        base += lineStart;
      }
      // A last line without its newline is still being written: it is read once complete.
    } finally {
      closeSync(fd);
    }
  }

  private parse(text: string, line: number): RunEvent {
    let parsed: RunEvent;
    try {
      parsed = JSON.parse(text) as RunEvent;
      if (typeof parsed?.type !== "string") throw new Error("no event type");
    } catch (error) {
      throw new DamagedLineError(this.runName, line, `is not JSON (${(error as Error).message})`, error);
    }
    try {
      return withExpandedCandidates(parsed);
    } catch (error) {
      throw new DamagedLineError(this.runName, line, `is not a trace event: ${(error as Error).message}`, error);
    }
  }
}

/** A line of trace.jsonl that cannot be read, named by its line number. */
class DamagedLineError extends Error {
  constructor(
    runName: string,
    line: number,
    /** "is not JSON (…)": what is wrong with the line. */
    readonly reason: string,
    cause: unknown,
  ) {
    super(`run ${runName}: trace.jsonl is corrupt: line ${line} ${reason}`, { cause });
  }
}

/** Whether the line [start, end) is one the index keeps (or may be: one not written by the engine). */
function wanted(buffer: Buffer, start: number, end: number): boolean {
  if (!startsWith(buffer, start, end, EVENT_PREFIX)) return true;
  return INDEXED_PREFIXES.some((prefix) => startsWith(buffer, start, end, prefix));
}

function startsWith(buffer: Buffer, start: number, end: number, prefix: Buffer): boolean {
  return end - start >= prefix.length && buffer.compare(prefix, 0, prefix.length, start, start + prefix.length) === 0;
}
