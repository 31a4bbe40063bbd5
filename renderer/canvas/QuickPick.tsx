import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { createPortal } from "react-dom";

/** One choice of a quick pick. */
export interface PickItem {
  id: string;
  label: string;
  detail?: string;
  /** More words the search matches (a kind's name, a port type) without showing them. */
  keywords?: string;
}

const SHOWN = 60;

/** Every word of the query must appear; labels that start with the query come first. */
function filtered(items: readonly PickItem[], query: string): PickItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return items.slice(0, SHOWN);
  const hits = items.filter((item) => {
    const text = `${item.label} ${item.detail ?? ""} ${item.keywords ?? ""}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
  const first = words[0]!;
  const rank = (item: PickItem) => (item.label.toLowerCase().startsWith(first) ? 0 : item.id.toLowerCase().startsWith(first) ? 1 : 2);
  return hits.sort((a, b) => rank(a) - rank(b)).slice(0, SHOWN);
}

/**
 * VS Code's quick pick: a search field over a list, arrows to move, Enter to choose, Escape to
 * leave. A combobox with its listbox, so a screen reader follows the highlighted choice. Opens at
 * `at` (screen pixels) or, without it, at the top of the window's middle.
 */
export function QuickPick({
  title,
  placeholder,
  items,
  empty,
  at,
  onPick,
  onClose,
}: {
  title: string;
  placeholder: string;
  items: readonly PickItem[];
  /** Said when nothing matches. */
  empty: string;
  at?: { x: number; y: number };
  onPick: (item: PickItem) => void;
  onClose: () => void;
}) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const shown = useMemo(() => filtered(items, query), [items, query]);
  const base = useId();
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    list.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: "nearest" });
  }, [active]);

  const onKeyDown = (event: KeyboardEvent) => {
    const last = shown.length - 1;
    if (event.key === "ArrowDown") setActive((index) => (index >= last ? 0 : index + 1));
    else if (event.key === "ArrowUp") setActive((index) => (index <= 0 ? last : index - 1));
    else if (event.key === "Enter") {
      const item = shown[active];
      if (item) onPick(item);
    } else if (event.key === "Escape" || event.key === "Tab") onClose();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  const width = 420;
  const style = at
    ? { left: Math.max(8, Math.min(at.x, window.innerWidth - width - 8)), top: Math.max(8, Math.min(at.y, window.innerHeight - 340)) }
    : { left: Math.max(8, (window.innerWidth - width) / 2), top: 64 };
  const activeItem = shown[active];
  return createPortal(
    <div className="overlay-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div role="dialog" aria-label={title} className="quick-pick" style={{ ...style, width }}>
        <input
          ref={input}
          role="combobox"
          aria-label={title}
          aria-expanded="true"
          aria-controls={`${base}-list`}
          aria-autocomplete="list"
          aria-activedescendant={activeItem ? `${base}-${active}` : undefined}
          placeholder={placeholder}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <ul ref={list} role="listbox" id={`${base}-list`} aria-label={title}>
          {shown.map((item, index) => (
            <li
              key={item.id}
              role="option"
              id={`${base}-${index}`}
              data-index={index}
              aria-selected={index === active}
              className={index === active ? "active" : undefined}
              onMouseMove={() => setActive(index)}
              onClick={() => onPick(item)}
            >
              <span className="pick-label">{item.label}</span>
              {item.detail && <span className="pick-detail">{item.detail}</span>}
            </li>
          ))}
        </ul>
        {shown.length === 0 && (
          <p className="muted pick-empty" role="status">
            {empty}
          </p>
        )}
      </div>
    </div>,
    document.body,
  );
}
