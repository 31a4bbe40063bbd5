import { methodParams } from "../../protocol/index.js";

/**
 * A host's error about `path` as the reason in a sentence that already names the file: without the
 * method and the path the host put first ("readFile: a.foresight.json: not valid JSON: …" → "not
 * valid JSON: …"), so the message does not say the file's name twice.
 */
export function reasonAbout(error: unknown, path: string): string {
  let message = error instanceof Error ? error.message : String(error);
  const method = /^(\w+): /.exec(message);
  if (method && Object.hasOwn(methodParams, method[1]!)) message = message.slice(method[0].length);
  return message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
}
