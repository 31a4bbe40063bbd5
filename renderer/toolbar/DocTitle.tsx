import { useLayoutEffect, useRef } from "react";
import { useEditor } from "../document/editor-store.js";
import { documentLabel } from "../document/pipeline.js";

/** What every pipeline file's name ends with: shown muted. */
const PIPELINE_EXTENSION = /(\.foresight)?\.json$/i;

/**
 * The document's name, and whether it has unsaved changes. Where the toolbar is tight, what says
 * least gives way first: the app's name (kept for a wide toolbar), then (RunStatus.tsx) the run's
 * folder and a one-line status; the file's name, extension included, is cut only past its cap
 * (styles.css; whole in the hover text), the dot never. The title may shrink to its file name and
 * dot, not further: measured, as CSS would count the app's name in the title's smallest width.
 */
export function DocTitle() {
  const name = useEditor((state) => documentLabel(state.doc.name, state.path));
  const path = useEditor((state) => state.path);
  const pipelineName = useEditor((state) => state.doc.name);
  const dirty = useEditor((state) => state.dirty);
  const extension = PIPELINE_EXTENSION.exec(name)?.[0] ?? "";
  const stem = name.slice(0, name.length - extension.length);
  const title = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => {
    const heading = title.current!;
    const kept = [...heading.querySelectorAll<HTMLElement>(".doc-stem, .doc-extension, .dirty")];
    const floor = () => (heading.style.minWidth = `${Math.ceil(kept.reduce((width, part) => width + part.getBoundingClientRect().width, 0))}px`);
    floor();
    // Again once the web font has loaded, or the page is zoomed.
    const resized = new ResizeObserver(floor);
    for (const part of kept) resized.observe(part);
    return () => resized.disconnect();
  }, [stem, extension, dirty]);
  return (
    <h1 ref={title} className="doc-title" title={path ? `${path} (pipeline ${pipelineName})` : "not saved yet"}>
      <span className="doc-app">Foresight · </span>
      <span className="doc-stem">{stem}</span>
      {extension && <span className="doc-extension">{extension}</span>}
      {dirty && (
        <span className="dirty" aria-label="unsaved changes" title="unsaved changes">
          {" "}●
        </span>
      )}
    </h1>
  );
}
