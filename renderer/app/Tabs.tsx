import { useId, type KeyboardEvent, type ReactNode } from "react";

export interface Tab {
  id: string;
  title: string;
}

/** Where ←/→/Home/End move from the tab at `index` of `count` (wrapping, as the WAI-ARIA tabs pattern does); null for other keys. */
function tabIndexAfter(key: string, index: number, count: number): number | null {
  if (key === "ArrowRight") return (index + 1) % count;
  if (key === "ArrowLeft") return (index - 1 + count) % count;
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  return null;
}

/** A tab list (one Tab stop: the arrows, Home and End move between tabs, which activate as they get focus); the caller renders the active panel inside. */
export function Tabs({
  label,
  tabs,
  active,
  onChange,
  children,
  className,
  actions,
}: {
  label: string;
  tabs: Tab[];
  active: string;
  onChange: (id: string) => void;
  children: ReactNode;
  className?: string;
  /** Controls shown at the end of the tab row (outside the tab list). */
  actions?: ReactNode;
}) {
  const base = useId();
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = tabIndexAfter(event.key, tabs.findIndex((tab) => tab.id === active), tabs.length);
    if (next === null || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    onChange(tabs[next]!.id);
    document.getElementById(`${base}-${tabs[next]!.id}`)?.focus();
  };
  return (
    <div className={`tabs ${className ?? ""}`}>
      <div className="tab-row">
      <div role="tablist" aria-label={label} className="tablist" onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`${base}-${tab.id}`}
            aria-selected={tab.id === active}
            tabIndex={tab.id === active ? 0 : -1}
            aria-controls={`${base}-panel`}
            className={tab.id === active ? "tab active" : "tab"}
            onClick={() => onChange(tab.id)}
          >
            {tab.title}
          </button>
        ))}
      </div>
      {actions}
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-${active}`} className="tabpanel">
        {children}
      </div>
    </div>
  );
}
