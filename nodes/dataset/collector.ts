import { mkdirSync } from "node:fs";
import { counted } from "../../protocol/shown-values.js";
import { allEnded } from "../../runtime/all-ended.js";
import type { CandidateTable } from "../../runtime/candidate-table.js";
import type { Environment, JsonValue } from "../../runtime/environment.js";
import type { EpisodeOutcome } from "../../runtime/node-kind.js";
import type { Transition } from "../../runtime/ports.js";
import { chatMessagesOf } from "./chat-messages.js";
import { preferenceRecord, writePreferenceLine } from "./preference-pair.js";
import { actionDescriber, candidateRecords, ObservationTexts, transitionRecord, writeTransitionLine, type StepPlace } from "./records.js";
import { QuotedTexts } from "./quoted-texts.js";
import { STREAM_COLUMNS, STREAM_INTEGERS } from "./streams.js";
import { EVERY_SECOND, ON_REQUEST, type FlushClock } from "./parquet-sink.js";
import type { ParquetThread } from "./parquet-thread.js";
import { DatasetStream, type DatasetFormat } from "./stream.js";

/** What the collector records and where: the node's params, resolved against the run folder. */
export interface CollectorOptions {
  /** Absolute folder the dataset files go into. */
  folder: string;
  transitions: boolean;
  preferences: boolean;
  candidates: boolean;
  formats: readonly DatasetFormat[];
  scoreColumn: string;
  log(message: string): void;
  /** When Parquet parts are written (default: about once a second); tests pass their own clock. */
  parquetFlush?: FlushClock;
  /** Where Parquet is encoded (default: the process's Parquet thread). */
  parquetThread?: ParquetThread;
}

/** What the collector receives each step. */
export interface StepInputs {
  transition: Transition;
  candidates?: CandidateTable | undefined;
  environment?: Environment | undefined;
  /** An LLM policy's exchanges: the pair then holds the chat it sent (`messages`). */
  exchanges?: JsonValue | undefined;
}

/**
 * Records each step into its streams and writes an episode's records once the episode completes.
 * Episodes are kept apart by index, so one collector can serve lockstep lanes (`sharedAcrossLanes`).
 */
export class DatasetCollector {
  private readonly transitions: DatasetStream | undefined;
  private readonly preferences: DatasetStream | undefined;
  private readonly candidates: DatasetStream | undefined;
  private readonly streams: DatasetStream[];
  /**
   * The streams in the order an episode is written and flushed: transitions last, so an episode a
   * killed run's transitions hold is whole in every stream (`repairDatasets` cuts the others back to them).
   */
  private readonly writeOrder: DatasetStream[];
  private readonly parquetFlush: FlushClock;
  private lastParquetFlush: number;
  private episodesWritten = 0;
  /** Episodes not written, by how they ended ("error", "stopped"): how many, and the first. */
  private readonly unwritten: Record<string, { count: number; first: number }> = {};
  private readonly observationTexts = new ObservationTexts();
  private readonly quotedTexts = new QuotedTexts();

  constructor(private readonly options: CollectorOptions) {
    mkdirSync(options.folder, { recursive: true });
    // One clock for every stream: parts flushed apart (each on its own second) left a killed run's streams holding different episodes.
    this.parquetFlush = options.parquetFlush ?? EVERY_SECOND;
    this.lastParquetFlush = this.parquetFlush.now();
    const stream = (on: boolean, name: keyof typeof STREAM_COLUMNS) =>
      on ? new DatasetStream(name, options.folder, options.formats, STREAM_COLUMNS[name], ON_REQUEST, options.parquetThread, STREAM_INTEGERS[name]) : undefined;
    this.transitions = stream(options.transitions, "transitions");
    this.preferences = stream(options.preferences, "preferences");
    this.candidates = stream(options.candidates, "candidates");
    this.streams = [this.transitions, this.preferences, this.candidates].filter((s) => s !== undefined);
    this.writeOrder = [this.preferences, this.candidates, this.transitions].filter((s) => s !== undefined);
  }

  beginEpisode(episode: number): void {
    // An earlier try of this episode that never reached endEpisode left its records behind; they belong to no finished episode.
    for (const stream of this.streams) stream.discardEpisode(episode);
  }

  recordStep(inputs: StepInputs, place: StepPlace): void {
    // Records name their place (episode, step) themselves: a message per step would cost more than most records.
    const { episode } = place;
    const transitions = this.transitions;
    if (transitions) {
      // The line straight into the episode's bytes; the record only for a value of the wrong type, to name it.
      if (!writeTransitionLine(transitions.lines(episode), inputs.transition, place, this.observationTexts)) {
        transitions.add(episode, transitionRecord(inputs.transition, place, this.observationTexts));
      }
    }
    if (!this.preferences && !this.candidates) return;
    const table = inputs.candidates;
    if (!table) throw new Error(`episode ${place.episode}, step ${place.step}: recording preferences or candidates needs the "candidates" input connected`);
    const describe = actionDescriber(inputs.environment);
    if (this.preferences) {
      const pair = preferenceRecord(
        { table, stateText: inputs.transition.stateText, scoreColumn: this.options.scoreColumn, describe },
        place,
      );
      if (pair && inputs.exchanges !== undefined) this.preferences.add(episode, { ...pair, messages: chatMessagesOf(inputs.exchanges, place) });
      else if (pair && !writePreferenceLine(this.preferences.lines(episode), pair, this.quotedTexts)) this.preferences.add(episode, pair);
    }
    if (this.candidates) for (const record of candidateRecords(table, place)) this.candidates.add(episode, record);
  }

  /**
   * Only completed episodes are written. An episode that ended in an error or was stopped is
   * cut short at an arbitrary step: its last transitions would teach a value model that the
   * episode ends there, and its pairs come from a pipeline that was failing.
   */
  async endEpisode(outcome: EpisodeOutcome): Promise<void> {
    if (outcome.status !== "completed") {
      for (const stream of this.streams) stream.discardEpisode(outcome.episode);
      // Told once, as the run ends: a line per episode buried the error that ended them (every episode of a failing kind).
      const unwritten = (this.unwritten[outcome.status] ??= { count: 0, first: outcome.episode });
      unwritten.count++;
      return;
    }
    for (const stream of this.writeOrder) stream.commitEpisode(outcome.episode);
    this.episodesWritten++;
    const now = this.parquetFlush.now();
    if (now - this.lastParquetFlush < this.parquetFlush.intervalMs) return;
    this.lastParquetFlush = now;
    for (const stream of this.writeOrder) stream.flushParquet();
  }

  /** Writes each stream's Parquet parts and pending episodes into one file; an episode still in progress is dropped. */
  async close(): Promise<void> {
    // Every stream has finished its files before a failure is told: nothing writes after the run ends.
    await allEnded(this.streams.map((stream) => stream.close()));
    const unwritten = Object.entries(this.unwritten).map(([status, { count, first }]) => `${counted(count, "episode")} ${status === "error" ? "that ended with an error" : status} (the first: episode ${first})`);
    const left = unwritten.length === 0 ? "" : `; not written, as an episode cut short would teach a model that it ends there: ${unwritten.join(", ")}`;
    this.options.log(`${counted(this.episodesWritten, "episode")} written to ${this.options.folder}${left}`);
  }
}
