import { download, downloadSvgAsPng, svgText } from "../files/download.js";

/** SVG and PNG downloads of a chart drawn as SVG. */
export function ChartSave({ label, name, svg }: { label: string; name: string; svg: () => SVGSVGElement | null }) {
  return (
    <span className="chart-save">
      <button type="button" className="link" aria-label={`Save ${label} as SVG`} onClick={() => svg() && download(`${name}.svg`, svgText(svg()!), "image/svg+xml")}>
        SVG
      </button>
      <button type="button" className="link" aria-label={`Save ${label} as PNG`} onClick={() => svg() && downloadSvgAsPng(`${name}.png`, svg()!)}>
        PNG
      </button>
    </span>
  );
}
