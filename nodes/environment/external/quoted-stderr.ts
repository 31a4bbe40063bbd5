import { withoutCheckLine } from "./start-check.js";

/** foresight_env's own one-line account of an environment it could not build (python/foresight_env/__main__.py). */
const CANNOT_BUILD = /^foresight_env: cannot build .*$/gm;

/**
 * The end of a process's stderr as an error quotes it: the last `maxChars` or fewer, from a line's
 * start. Where foresight_env said why it could not build the environment, that line comes first (it
 * names the user's line and what to do) and the traceback printed before it follows.
 */
export function quotedStderr(stderr: string, maxChars: number): string {
  const text = withoutCheckLine(stderr).trim();
  const cannotBuild = text.match(CANNOT_BUILD)?.at(-1);
  if (!cannotBuild) return fromLineStart(text, maxChars);
  const rest = text.slice(0, text.lastIndexOf(cannotBuild)).trim();
  return rest ? `${cannotBuild}\n${fromLineStart(rest, maxChars - cannotBuild.length)}` : cannotBuild;
}

function fromLineStart(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const tail = text.slice(-maxChars);
  const lineStart = tail.indexOf("\n");
  return lineStart >= 0 ? tail.slice(lineStart + 1) : tail;
}
