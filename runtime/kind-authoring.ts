/**
 * What a node kind module outside this repository imports, as `foresight/kinds` (package.json
 * "exports"): `import { defineNodeKind, z } from "foresight/kinds"`. zod comes from here because a
 * module outside the repository cannot resolve foresight's own dependencies, and its params schema
 * should be built with the zod foresight reads.
 */
export { z } from "zod";
export { defineNodeKind } from "./node-kind.js";
export type { EpisodeContext, InputPort, NodeInstance, NodeKind, OutputPort, SetupContext, StepContext } from "./node-kind.js";
export { CandidateTable, Column, type Cell } from "./candidate-table.js";
export type { PortType, PortValues } from "./ports.js";
export type { ColumnDescription, ColumnFormat } from "../protocol/kinds.js";
export type { Rng } from "./rng.js";
