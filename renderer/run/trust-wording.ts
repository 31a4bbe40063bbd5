import type { TrustReason } from "../../protocol/index.js";

/** The trust dialog's title and what it says the pipeline does, from the host's reasons (nothing said of what the pipeline does not do). */
export function trustWording(reasons: readonly TrustReason[]): { title: string; does: string[] } {
  const code = new Set(reasons.filter((r) => r.does === "runs-code").map((r) => r.node));
  const programs = new Set(reasons.filter((r) => r.does === "starts-program").map((r) => r.node));
  const urls = [...new Set(reasons.flatMap((r) => (r.does === "calls-server" ? [r.url] : [])))];
  const does: string[] = [];
  if (code.size > 0) does.push(`runs the code of ${code.size === 1 ? "a Script node" : `${code.size} Script nodes`} (sandboxed: no files, network or processes)`);
  if (programs.size > 0) does.push(`starts the program ${programs.size === 1 ? "an external environment names" : `${programs.size} external environments name`} (not sandboxed: it can do what you can)`);
  if (urls.length > 0) does.push(`sends requests to ${urls.join(", ")} (each step's prompts, made from what the environment shows)`);
  const kinds = [code.size, programs.size, urls.length].filter((n) => n > 0).length;
  let title = "Trust this pipeline?";
  if (kinds === 1 && code.size > 0) title = "Run the pipeline's scripts?";
  else if (kinds === 1 && programs.size > 0) title = programs.size === 1 ? "Start the environment's program?" : "Start the environments' programs?";
  else if (kinds === 1) title = urls.length === 1 ? `Send requests to ${urls[0]}?` : `Send requests to ${urls.length} servers?`;
  return { title, does };
}
