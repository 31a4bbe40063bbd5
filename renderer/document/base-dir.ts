import type { PipelineDocument } from "../../protocol/index.js";

/**
 * `doc` as a file saved at the root would name its folder: a run folder's copy names its `baseDir`
 * relative to the run folder (`runs/<id>`, "../../examples"), while an unsaved document resolves its
 * paths from the root (as `untitled.foresight.json` there), so "runs/<id>" + "../../examples" →
 * "examples". An absolute baseDir (or folder) stays as it is.
 */
export function rebaseOntoRoot(doc: PipelineDocument, folder: string): PipelineDocument {
  const baseDir = typeof doc.baseDir === "string" ? doc.baseDir : ".";
  if (isAbsolute(baseDir)) return doc;
  const rebased = normalise(`${folder}/${baseDir}`);
  if (isAbsolute(rebased) || rebased.startsWith("..")) return { ...doc, baseDir: rebased };
  const { baseDir: _dropped, ...rest } = doc;
  return rebased === "." ? rest : { ...rest, baseDir: rebased };
}

function isAbsolute(path: string): boolean {
  return path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path);
}

/** "runs/x/../../examples" → "examples"; "a/./b/" → "a/b"; leading ".." kept. */
function normalise(path: string): string {
  const absolute = path.startsWith("/");
  const parts: string[] = [];
  for (const part of path.split(/[\\/]+/)) {
    if (part === "" || part === ".") continue;
    if (part === ".." && parts.length > 0 && parts.at(-1) !== "..") parts.pop();
    else if (part !== ".." || !absolute) parts.push(part);
  }
  const joined = parts.join("/");
  return absolute ? `/${joined}` : joined || ".";
}
