import type { Environment } from "../../runtime/environment.js";

/** The placeholders every LLM prompt may use, with what they hold (docs/llm-nodes.md lists them too). */
export const stateFields = {
  observation: "the environment's text picture of the current state (render())",
  observation_json: "the current observation as JSON",
  actions: "the action labels, comma-separated (discrete environments; text ones that list their valid actions; empty otherwise)",
  environment: "the environment's name",
  episode: "the episode number",
  step: "the step number within the episode",
} as const;

/** The discrete actions' labels in index order, as `describeAction` gives them; empty for other action spaces. */
export function actionLabels(environment: Environment): string[] {
  const space = environment.actionSpace;
  if (space.kind !== "discrete") return [];
  return Array.from({ length: space.n }, (_, i) => environment.describeAction(i));
}

/** The values of `stateFields` for the environment's current state. */
export function stateFieldValues(environment: Environment, episode: number, step: number): Record<keyof typeof stateFields, string> {
  return {
    observation: environment.render(),
    observation_json: JSON.stringify(environment.observe()),
    actions: (environment.actionSpace.kind === "text" && environment.validActions ? environment.validActions() : actionLabels(environment)).join(", "),
    environment: environment.name,
    episode: String(episode),
    step: String(step),
  };
}
