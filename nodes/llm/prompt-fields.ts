import type { PromptTemplateMeta } from "../../protocol/prompt-template.js";
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

/** The placeholders the LLM Q-scorer's prompts add to the state's. */
export const scorerFields = {
  ...stateFields,
  action: "score mode: the candidate being scored, as the environment describes it",
  candidates: "judge mode: the candidates as a numbered list (1. up), the number being the judge's answer",
} as const;

/**
 * The zod meta of a prompt param: the editor highlights, completes and checks its placeholders
 * (renderer/prompt-editor/), the way `modelTensor` gives a tensor field the model's names.
 */
export function promptTemplate(fields: Readonly<Record<string, string>>): { promptTemplate: PromptTemplateMeta } {
  return { promptTemplate: { placeholders: Object.entries(fields).map(([name, description]) => ({ name, description })) } };
}

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
