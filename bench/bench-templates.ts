/**
 * Every template against its baseline, into docs/results.md (bench/template-bench.ts).
 * Run: npm run bench:templates [-- --only <template> --episodes N --out <file> --runs <dir> --trace off|steps|full --chat-url <url>]
 * Exit 0 when every row ran, 1 when one failed (the page shows it) or the bench was stopped, 2 for bad arguments.
 */
import { BenchArgumentError, parseBenchArgs, runTemplateBench } from "./template-bench.js";

try {
  const { file, record } = await runTemplateBench(parseBenchArgs(process.argv.slice(2)));
  const failed = record.rows.filter((result) => "error" in result).length;
  process.stderr.write(`wrote ${file} (${record.rows.length} rows${failed > 0 ? `, ${failed} failed` : ""}) in ${record.wallSeconds.toFixed(0)} s\n`);
  if (failed > 0) process.exitCode = 1;
} catch (error) {
  process.stderr.write(`bench:templates: ${(error as Error).message}\n`);
  process.exitCode = error instanceof BenchArgumentError ? 2 : 1;
}
