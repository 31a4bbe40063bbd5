import { useId, type ReactNode } from "react";

export interface Tab {
  id: string;
  title: string;
}

/** A tab list; the caller renders the active panel inside. */
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
  return (
    <div className={`tabs ${className ?? ""}`}>
      <div className="tab-row">
      <div role="tablist" aria-label={label} className="tablist">
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`${base}-${tab.id}`}
            aria-selected={tab.id === active}
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
