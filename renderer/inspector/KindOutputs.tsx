import type { KindDescription } from "../../protocol/index.js";
import { sceneViews } from "../environments/scene-views.js";

/**
 * What a node of this kind adds to the views, as its kind declares it: its candidate-table columns
 * and, for an environment, the scene the step inspector draws for its current variant.
 */
export function KindOutputs({ kind, params }: { kind: KindDescription; params: Record<string, unknown> }) {
  const variant = kind.scenes ? params[kind.scenes.param] : undefined;
  const scene = kind.scenes && typeof variant === "string" ? kind.scenes.byValue[variant] : undefined;
  if (kind.columns.length === 0 && !kind.scenes) return null;
  return (
    <section className="kind-outputs" aria-label="What it shows">
      {kind.columns.length > 0 && (
        <>
          <h3>Columns it adds</h3>
          <ul aria-label="Columns it adds">
            {kind.columns.map((column) => (
              <li key={column.name} title={column.description}>
                <strong>{column.label}</strong> <span className="mono muted">{column.name}</span>{" "}
                <span className="muted">
                  · {column.format}
                  {column.chart ? " · charted" : ""}
                </span>
                {column.description && <small className="help">{column.description}</small>}
              </li>
            ))}
          </ul>
        </>
      )}
      {kind.scenes && (
        <p className="help">
          {scene === undefined
            ? "The step inspector shows this environment's observations as JSON (it draws no scene)."
            : scene in sceneViews
              ? `The step inspector draws its “${scene}” scene.`
              : `It draws a “${scene}” scene, which this editor has no view for: observations show as JSON.`}
        </p>
      )}
    </section>
  );
}
