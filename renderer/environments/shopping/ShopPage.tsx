import type { ReactNode } from "react";
import { counted, type ShoppingObservation, type ShoppingPage, type ShoppingScene } from "../../../protocol/index.js";
import { formatScore, markClass, markText, type Mark } from "./marks.js";

export interface ShopPageProps {
  scene: ShoppingScene;
  observation: ShoppingObservation | null;
  marks: ReadonlyMap<string, Mark>;
  label: string;
}

// The shop's canonical action texts (nodes/environment/shopping/actions.ts), matched against candidate actions.
const click = (target: string) => `click[${target}]`;
const choose = (option: string, value: string) => `choose[${option}=${value}]`;

/**
 * The page the agent saw, drawn like a small web page: links, buttons and option values the step's
 * candidates act on carry their count and best score; the executed one is highlighted. Candidates
 * with no element here (searches, back, unparsed answers) are listed under the page.
 */
export function ShopPage({ scene, observation, marks, label }: ShopPageProps) {
  const placed = new Set<string>();
  const act = (action: string, children: ReactNode, className = "") => {
    placed.add(action);
    const mark = marks.get(action);
    return (
      <span className={`shop-act ${className} ${markClass(mark)}`} title={markText(mark)} aria-label={mark ? `${typeof children === "string" ? children : action} (${markText(mark)})` : undefined}>
        {children}
        {mark && mark.best !== null && <span className="shop-score">{formatScore(mark.best)}</span>}
      </span>
    );
  };
  const page = observation?.page;
  const body = page ? pageBody(page, act) : <p className="muted">No observation in this trace.</p>;
  const others = [...marks.entries()].filter(([action]) => !placed.has(action));
  const chosen = [...marks.entries()].find(([, mark]) => mark.chosen)?.[0];
  const summary = [page ? pageSummary(page) : "no page", counted(marks.size, "candidate action"), ...(chosen ? [`chosen ${chosen}`] : [])].join("; ");
  const { goal } = scene;
  return (
    <figure className="shop-view" role="group" aria-label={`${label}: ${summary}`}>
      <p className="shop-instruction">
        <strong>Instruction</strong> {observation?.instruction ?? scene.instruction}
      </p>
      <p className="shop-goal muted">
        Goal (hidden from the agent, {goal.difficulty}): {goal.type}
        {goal.attributes.length > 0 && ` · ${goal.attributes.join(", ")}`}
        {Object.entries(goal.options).map(([name, value]) => ` · ${name}: ${value}`)} · at most ${goal.maxPrice.toFixed(2)}
      </p>
      <div className="shop-window">
        <div className="shop-address mono">shop://{page?.kind ?? "…"}</div>
        {body}
      </div>
      {others.length > 0 && (
        <div className="shop-others">
          <span className="muted">{page?.kind === "search" ? "Queries proposed" : "Other candidates"}:</span>
          {others.map(([action]) => act(action, action, "mono"))}
        </div>
      )}
    </figure>
  );
}

type Act = (action: string, children: ReactNode, className?: string) => ReactNode;

function pageBody(page: ShoppingPage, act: Act): ReactNode {
  switch (page.kind) {
    case "search":
      return (
        <div className="shop-search">
          <span className="shop-searchbox muted">Search the shop…</span>
          <span className="shop-button">Search</span>
        </div>
      );
    case "results":
      return (
        <>
          <div className="shop-nav">
            {act(click("Back to Search"), "Back to Search", "shop-button")}
            {page.page > 1 && act(click("< Prev"), "< Prev", "shop-button")}
            {page.page < page.pages && act(click("Next >"), "Next >", "shop-button")}
            <span className="muted">
              Page {page.page} of {page.pages} · {page.total} results for “{page.query}”
            </span>
          </div>
          <ol className="shop-results" start={(page.page - 1) * 10 + 1}>
            {page.items.map((item) => (
              <li key={item.id}>
                {act(click(item.id), <span className="shop-link">{item.title}</span>, "shop-result")}
                <span className="shop-id mono muted">{item.id}</span>
                <span className="shop-price">${item.price.toFixed(2)}</span>
              </li>
            ))}
            {page.items.length === 0 && <li className="muted">No products match.</li>}
          </ol>
        </>
      );
    case "item":
      return (
        <>
          <div className="shop-nav">
            {act(click("Back to Search"), "Back to Search", "shop-button")}
            {act(click("< Prev"), "< Prev", "shop-button")}
            {act("back", "back", "shop-button")}
          </div>
          <h4 className="shop-title">{page.title}</h4>
          <p className="shop-meta">
            <span className="shop-price">${page.price.toFixed(2)}</span> <span className="muted">· {page.category} · {page.id}</span>
          </p>
          <ul className="shop-features">
            {page.features.map((feature) => (
              <li key={feature}>{feature}</li>
            ))}
          </ul>
          {page.options.map((group) => (
            <div className="shop-options" key={group.name}>
              <span className="shop-option-name">{group.name}</span>
              {group.values.map((value) =>
                act(choose(group.name, value), value, `shop-pill${page.chosen[group.name] === value ? " picked" : ""}`),
              )}
            </div>
          ))}
          <div className="shop-buy">{act("buy", "Buy Now", "shop-button primary")}</div>
        </>
      );
    case "done":
      return (
        <div className="shop-done">
          <p>
            Bought <strong>{page.title}</strong> ({page.id}) for ${page.price.toFixed(2)}
            {Object.entries(page.chosen).map(([name, value]) => `, ${name}: ${value}`)}.
          </p>
          <p>
            Reward <strong>{page.reward.toFixed(3)}</strong>
          </p>
        </div>
      );
  }
}

function pageSummary(page: ShoppingPage): string {
  switch (page.kind) {
    case "search":
      return "search page";
    case "results":
      return `results page ${page.page} of ${page.pages} for “${page.query}”`;
    case "item":
      return `item page of ${page.title} (${page.id}), $${page.price.toFixed(2)}`;
    case "done":
      return `bought ${page.title}, reward ${page.reward.toFixed(3)}`;
  }
}
