// Runs the crash scenario in a process of its own. Node 20 cannot run TypeScript, so Vite's
// module runner (the one vitest runs tests with) loads the scenario and the real node code.
import { fileURLToPath } from "node:url";
import { runnerImport } from "vite";

const scenario = fileURLToPath(new URL("./crash-scenario.ts", import.meta.url));
const { module } = await runnerImport(scenario, { configFile: false, logLevel: "silent" });
await module.collectThenDie(process.argv[2]);
