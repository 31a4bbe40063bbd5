import { useEffect, useRef, useState } from "react";
import { shownJson, shownNumber, type JsonValue } from "../../protocol/index.js";
import { imagePixels, observationPart, type ArraySummary, type ImageShape } from "./observation-parts.js";

/** Pixels an image observation is drawn at, on its longer side. */
const IMAGE_SIDE = 128;

/**
 * An observation without a scene view: a Dict's fields one a line, small values as JSON, an image-shaped
 * array drawn as a picture and any other large array summed up in a line the user can expand (a 64×64×3
 * image as JSON is some 20,000 lines, and would bury the fields after it).
 */
export function ObservationView({ observation }: { observation: JsonValue }) {
  const fields = observation !== null && typeof observation === "object" && !Array.isArray(observation) ? Object.entries(observation) : undefined;
  if (!fields) return <ObservationPartView name="observation" value={observation} />;
  // Small values first: they read at a glance, where a picture or a folded array below them takes room.
  const order = (value: JsonValue) => (observationPart(value).kind === "value" ? 0 : 1);
  const sorted = [...fields].sort(([, a], [, b]) => order(a) - order(b));
  return (
    <dl className="observation-fields">
      {sorted.map(([name, value]) => (
        <div key={name} className="observation-field">
          <dt className="mono">{name}</dt>
          <dd>
            <ObservationPartView name={name} value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ObservationPartView({ name, value }: { name: string; value: JsonValue }) {
  const part = observationPart(value);
  if (part.kind === "image") return <ObservationImage name={name} value={value} shape={part.shape} />;
  if (part.kind === "folded") return <FoldedArray value={value} summary={part.summary} />;
  return <pre className="mono">{shownValue(value)}</pre>;
}

function ObservationImage({ name, value, shape }: { name: string; value: JsonValue; shape: ImageShape }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    canvas.current?.getContext("2d")?.putImageData(new ImageData(imagePixels(value, shape), shape.width, shape.height), 0, 0);
  }, [value, shape]);
  const dims = `${shape.height}×${shape.width}${shape.channels === 3 ? "×3" : ""}`;
  const scale = IMAGE_SIDE / Math.max(shape.height, shape.width);
  return (
    <figure className="observation-image">
      <canvas
        ref={canvas}
        width={shape.width}
        height={shape.height}
        style={{ width: shape.width * scale, height: shape.height * scale }}
        role="img"
        aria-label={`${name}: image ${dims}`}
      />
      <figcaption className="muted">
        {dims} {shape.top === 255 ? "(0–255)" : "(0–1)"}
      </figcaption>
    </figure>
  );
}

function FoldedArray({ value, summary }: { value: JsonValue; summary: ArraySummary }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="observation-folded" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="mono">{summaryLine(summary)}</summary>
      {open && <pre className="mono">{shownJson(value)}</pre>}
    </details>
  );
}

function summaryLine({ shape, count, min, max, head }: ArraySummary): string {
  const range = min !== undefined && max !== undefined ? `, min ${shownNumber(min)}, max ${shownNumber(max)}` : "";
  return `array ${shape.join("×")} (${count.toLocaleString("en-US")} values${range}): ${shownJson(head).slice(1, -1).replaceAll(",", ", ")}, …`;
}

/** A vector of numbers on one line, anything else one field a line. */
function shownValue(value: JsonValue): string {
  const flat = Array.isArray(value) && value.every((v) => typeof v === "number");
  return flat ? shownJson(value).replaceAll(",", ", ") : shownJson(value, 1);
}
