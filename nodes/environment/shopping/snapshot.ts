import { z } from "zod";
import type { ShoppingObservation } from "../../../protocol/shopping.js";
import type { EnvSnapshot, Observation } from "../../../runtime/environment.js";
import type { Catalogue } from "./catalogue.js";
import type { Task } from "./instructions.js";
import type { PageState } from "./pages.js";

/** Everything a shopping environment's state is; the catalogue is configuration, not state. */
export interface ShoppingSnapshot {
  task: Task;
  page: PageState;
  history: PageState[];
}

const chosen = z.record(z.string(), z.string());
const pageState = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("search") }),
  z.object({ kind: z.literal("results"), query: z.string(), page: z.number().int().min(1) }),
  z.object({ kind: z.literal("item"), id: z.string(), chosen }),
  z.object({ kind: z.literal("done"), id: z.string(), chosen, reward: z.number() }),
]);
const snapshotSchema = z.object({
  task: z.object({
    instruction: z.string(),
    targetId: z.string(),
    goal: z.object({
      type: z.string(),
      attributes: z.array(z.string()),
      options: z.record(z.string(), z.string()),
      maxPrice: z.number(),
      difficulty: z.enum(["easy", "medium", "hard"]),
    }),
  }),
  page: pageState,
  history: z.array(pageState),
});

/** A snapshot read back, its product ids checked against `catalogue`. */
export function readSnapshot(snapshot: EnvSnapshot, catalogue: Catalogue): ShoppingSnapshot {
  const parsed = snapshotSchema.safeParse(snapshot);
  if (!parsed.success) throw new Error(`shopping: not a shopping snapshot: ${z.prettifyError(parsed.error)}`);
  const { task, page, history } = parsed.data;
  for (const id of [task.targetId, ...[page, ...history].flatMap((p) => ("id" in p ? [p.id] : []))]) {
    if (!catalogue.byId.has(id)) {
      throw new Error(`shopping: the snapshot names product "${id}", which the catalogue (seed ${catalogue.seed}, ${catalogue.products.length} products) does not have`);
    }
  }
  return parsed.data;
}

/**
 * An observation checked to be a shopping one. Cheap (models encode observations per candidate
 * per step): it checks the shape encoding reads, not every field.
 */
export function readShoppingObservation(observation: Observation): ShoppingObservation {
  if (typeof observation === "object" && observation !== null && !Array.isArray(observation)) {
    const { instruction, page } = observation;
    if (typeof instruction === "string" && typeof page === "object" && page !== null && !Array.isArray(page) && listsWhatItsKindNeeds(page)) {
      return observation as unknown as ShoppingObservation;
    }
  }
  const text = JSON.stringify(observation) ?? "undefined";
  throw new Error(`shopping: ${text.length > 80 ? `${text.slice(0, 77)}...` : text} is not a shopping observation ({ instruction, page: { kind: search | results | item | done, … } })`);
}

/** The page's kind is one of the four, with the lists encoding walks through. */
function listsWhatItsKindNeeds(page: { [key: string]: unknown }): boolean {
  switch (page["kind"]) {
    case "search":
    case "done":
      return true;
    case "results":
      return Array.isArray(page["items"]);
    case "item":
      return Array.isArray(page["options"]) && Array.isArray(page["features"]);
    default:
      return false;
  }
}
