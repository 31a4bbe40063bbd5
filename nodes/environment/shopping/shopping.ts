import type { ShoppingObservation, ShoppingScene } from "../../../protocol/shopping.js";
import type { Action, ActionSpace, EnvSnapshot, Environment, Observation, Scene, StepInfo, StepResult } from "../../../runtime/environment.js";
import { buttons, findAction, formatAction, readAction, type ShoppingAction } from "./actions.js";
import type { Catalogue } from "./catalogue.js";
import { encodeActionText, encodeObservation, shoppingActionEncodings, shoppingEncodings } from "./encodings.js";
import { drawTask, type DifficultySetting, type Task } from "./instructions.js";
import { observationText, pageView, productOf, validActions, type PageState } from "./pages.js";
import { webshopReward } from "./reward.js";
import { scriptedProposals } from "./scripted.js";
import type { SearchIndex } from "./search-index.js";
import { readShoppingObservation, readSnapshot, type ShoppingSnapshot } from "./snapshot.js";

/** What a shopping environment and all its clones share: never changed after creation. */
export interface ShoppingSettings {
  catalogue: Catalogue;
  index: SearchIndex;
  difficulty: DifficultySetting;
}

const actionSpace: ActionSpace = Object.freeze({ kind: "text" });

/**
 * A WebShop-like shop (Yao et al. 2022): a generated catalogue, an instruction per episode, and
 * four pages — search, results, item, done. Actions are text: `search[query]`, `click[id or
 * button]`, `choose[option=value]`, `back`, `buy`. Every step pays 0 until `buy`, which ends the
 * episode irreversibly with WebShop's reward in [0, 1]; an action that does nothing on the page
 * is a no-op that says why in `info.invalid`. Deterministic: no random draw after reset.
 */
export class ShoppingEnvironment implements Environment {
  readonly name = "shopping";
  readonly reportsSuccess = true;
  readonly actionSpace = actionSpace;
  readonly encodings = shoppingEncodings;
  readonly actionEncodings = shoppingActionEncodings;
  /** The current observation, built once per change: traces keep observations by reference. */
  private observation: ShoppingObservation | null = null;

  private constructor(
    private readonly settings: ShoppingSettings,
    private task: Task,
    private page: PageState,
    /** Pages `back` returns to, most recent last. */
    private history: readonly PageState[],
  ) {}

  /** A shop in the state `reset(0)` would leave it in, so it can be observed before the first episode. */
  static create(settings: ShoppingSettings): ShoppingEnvironment {
    return new ShoppingEnvironment(settings, drawTask(settings.catalogue, 0, settings.difficulty), { kind: "search" }, []);
  }

  get done(): boolean {
    return this.page.kind === "done";
  }

  /** The episode's task (instruction, goal, target product). */
  get currentTask(): Task {
    return this.task;
  }

  reset(seed: number): Observation {
    this.task = drawTask(this.settings.catalogue, seed, this.settings.difficulty);
    this.moveTo({ kind: "search" }, []);
    return this.observe();
  }

  observe(): ShoppingObservation {
    this.observation ??= { instruction: this.task.instruction, page: pageView(this.page, this.settings.catalogue, this.settings.index) };
    return this.observation;
  }

  encode(encoding: string, observation?: Observation): Float32Array {
    this.checkEncoding(encoding, this.encodings, "encoding");
    return encodeObservation(observation === undefined ? this.observe() : readShoppingObservation(observation));
  }

  encodeAction(encoding: string, action: Action, observation?: Observation): Float32Array {
    this.checkEncoding(encoding, this.actionEncodings, "action encoding");
    if (typeof action !== "string") throw new Error(`shopping: actions are text, got ${JSON.stringify(action)}`);
    return encodeActionText(action, observation === undefined ? this.observe() : readShoppingObservation(observation));
  }

  step(action: Action): StepResult {
    if (this.done) throw new Error(`shopping: step() called after the episode ended (it bought ${this.page.kind === "done" ? this.page.id : "?"}); call reset(seed) first`);
    if (typeof action !== "string") throw new Error(`shopping: actions are text such as search[red shirt] or click[Buy Now], got ${JSON.stringify(action)}`);
    const read = readAction(action);
    const outcome = "error" in read ? { invalid: read.error } : this.apply(read);
    const info: StepInfo = {};
    let reward = 0;
    if ("invalid" in outcome) info.invalid = outcome.invalid;
    if ("bought" in outcome) {
      reward = outcome.bought;
      info.irreversible = true;
      // WebShop's success: a purchase that meets every part of the goal.
      info.success = reward >= 1 - 1e-9;
    }
    return { observation: this.observe(), reward, terminated: this.done, truncated: false, info };
  }

  isIrreversible(action: Action): boolean {
    if (typeof action !== "string" || this.page.kind !== "item") return false;
    const read = readAction(action);
    return !("error" in read) && read.verb === "buy";
  }

  validActions(): string[] {
    return validActions(this.observe().page);
  }

  naiveProposals(): { actions: Action[]; scores: number[] } {
    return scriptedProposals(this.observe());
  }

  /** An answer's first action, if it is one this page accepts. */
  parseAction(answer: string): { action: Action; error: null } | { action: null; error: string } {
    const found = findAction(answer);
    if ("error" in found) return { action: null, error: found.error };
    const action = formatAction(found);
    const problem = this.problemWith(found);
    return problem === null ? { action, error: null } : { action: null, error: `${action}: ${problem}` };
  }

  snapshot(): EnvSnapshot {
    const snapshot: ShoppingSnapshot = { task: this.task, page: this.page, history: [...this.history] };
    return JSON.parse(JSON.stringify(snapshot)) as EnvSnapshot;
  }

  restore(snapshot: EnvSnapshot): void {
    const { task, page, history } = readSnapshot(snapshot, this.settings.catalogue);
    this.task = task;
    this.moveTo(page, history);
  }

  /** Nothing is random after reset. */
  reseed(): void {}

  clone(): ShoppingEnvironment {
    // Page states, the task and the history are never mutated (each move builds new ones), so sharing them is safe.
    const copy = new ShoppingEnvironment(this.settings, this.task, this.page, this.history);
    copy.observation = this.observation;
    return copy;
  }

  scene(): Scene {
    const scene: ShoppingScene = { kind: "shopping", instruction: this.task.instruction, goal: this.task.goal, products: this.settings.catalogue.products.length };
    return scene;
  }

  render(): string {
    return observationText(this.observe());
  }

  describeAction(action: Action): string {
    return typeof action === "string" ? action : JSON.stringify(action);
  }

  /** Why `action` does nothing on the current page, or null when it does something. */
  private problemWith(action: ShoppingAction): string | null {
    const page = this.observe().page;
    if (page.kind === "done") return "the episode has ended";
    if (action.verb === "search") return page.kind === "search" ? null : "search only on the search page (click[Back to Search] first)";
    if (action.verb === "back") return page.kind === "search" ? "the search page has nothing to go back to" : null;
    if (action.verb === "buy") return page.kind === "item" ? null : "buy only on a product's page";
    const valid = validActions(page);
    return valid.includes(formatAction(action)) ? null : `not on this page; the page offers ${valid.join(", ")}`;
  }

  private apply(action: ShoppingAction): { invalid: string } | { bought: number } | { moved: true } {
    const problem = this.problemWith(action);
    if (problem !== null) return { invalid: `${formatAction(action)}: ${problem}` };
    const page = this.page;
    const push = (next: PageState) => this.moveTo(next, [...this.history, page]);
    switch (action.verb) {
      case "search":
        push({ kind: "results", query: action.query, page: 1 });
        break;
      case "back":
        this.moveTo(this.history.at(-1) ?? { kind: "search" }, this.history.slice(0, -1));
        break;
      case "buy": {
        if (page.kind !== "item") break;
        const { reward } = webshopReward(productOf(this.settings.catalogue, page.id), page.chosen, this.task.goal);
        this.moveTo({ kind: "done", id: page.id, chosen: page.chosen, reward }, this.history);
        return { bought: reward };
      }
      case "choose":
        if (page.kind === "item") this.moveTo({ ...page, chosen: { ...page.chosen, [action.option]: action.value } }, this.history);
        break;
      case "click":
        if (action.target === buttons.backToSearch) this.moveTo({ kind: "search" }, []);
        else if (page.kind === "item") this.moveTo(this.history.at(-1) ?? { kind: "search" }, this.history.slice(0, -1)); // < Prev
        else if (page.kind === "results" && action.target === buttons.next) push({ ...page, page: page.page + 1 });
        else if (page.kind === "results" && action.target === buttons.prev) push({ ...page, page: page.page - 1 });
        else push({ kind: "item", id: action.target, chosen: {} });
        break;
    }
    return { moved: true };
  }

  private moveTo(page: PageState, history: readonly PageState[]): void {
    this.page = page;
    this.history = history;
    this.observation = null;
  }

  private checkEncoding(name: string, known: Readonly<Record<string, unknown>>, what: string): void {
    if (!Object.hasOwn(known, name)) throw new Error(`shopping: no ${what} "${name}"; its ${what}s: ${Object.keys(known).join(", ")}`);
  }
}
