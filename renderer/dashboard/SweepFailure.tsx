import { useId, useState } from "react";
import { errorGist } from "./run-row-text.js";

/**
 * Why a setting's run failed, on a row of its own under it: the reason on one line, cut short where
 * long, and a button that shows the whole (a hover title alone reaches neither a keyboard nor a touch).
 */
export function SweepFailure({ error, columns, setting }: { error: string; columns: number; setting: string }) {
  const [whole, setWhole] = useState(false);
  const textId = useId();
  const gist = errorGist(error);
  return (
    <tr className="sweep-failure">
      <td colSpan={columns}>
        <div className="sweep-failure-line">
          <span id={textId} className={whole ? "sweep-failure-whole" : "sweep-failure-gist"} title={whole ? undefined : error}>
            {whole ? error : `Failed: ${gist}`}
          </span>
          <button type="button" className="link" aria-expanded={whole} aria-controls={textId} aria-label={`${whole ? "Less of" : "All of"} why ${setting} failed`} onClick={() => setWhole(!whole)}>
            {whole ? "Less" : "More"}
          </button>
        </div>
      </td>
    </tr>
  );
}
