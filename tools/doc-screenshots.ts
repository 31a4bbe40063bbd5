/**
 * Retakes the README's pictures (`npm run screenshots`): runs the end-to-end tests that take them
 * (each test writes its screenshots under test/e2e/screenshots as it checks the UI) and copies the
 * chosen ones to docs/screenshots under the names the README uses. A test that fails copies nothing.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";

const SHOTS = "test/e2e/screenshots";
const DOCS = "docs/screenshots";

/** docs/screenshots/<name>.png ← test/e2e/screenshots/<from>.png, taken by test/e2e/<test>.test.ts. */
const PICTURES: { name: string; from: string; test: string }[] = [
  { name: "editor-vgps-light", from: "editor-example-light", test: "screenshots" },
  { name: "editor-vgps-dark", from: "editor-example-dark", test: "screenshots" },
  { name: "problems-light", from: "editor-inspector-problem-light", test: "screenshots" },
  { name: "live-run-light", from: "live-run-light", test: "screenshots" },
  { name: "live-run-dark", from: "live-run-dark", test: "screenshots" },
  { name: "script-inspector-light", from: "script-inspector-light", test: "screenshots" },
  { name: "script-inspector-dark", from: "script-inspector-dark", test: "screenshots" },
  { name: "trust-dialog-light", from: "trust-dialog-light", test: "screenshots" },
  { name: "connect-highlight-light", from: "connect-highlight-1440-light", test: "screenshots" },
  { name: "connect-highlight-dark", from: "connect-highlight-1440-dark", test: "screenshots" },
  { name: "compact-cards-light", from: "compact-cards-1440x900-light", test: "canvas-zoom" },
  { name: "compact-cards-1280x720-dark", from: "compact-cards-1280x720-dark", test: "canvas-zoom" },
  { name: "large-graph-laid-out", from: "large-graph-laid-out-1440x900", test: "canvas-zoom" },
  { name: "trace-size-dialog", from: "trace-size-dialog-1440x900", test: "canvas-zoom" },
  { name: "workspace-folded-1280x720", from: "workspace-folded-1280x720", test: "workspace" },
  { name: "find-node", from: "workspace-find-1440x900", test: "workspace" },
  { name: "node-menu", from: "workspace-node-menu-1440x900", test: "workspace" },
  { name: "shortcut-help", from: "shortcut-help-1440", test: "workspace" },
  { name: "notes-groups", from: "notes-groups-1440x900", test: "notes-groups" },
  { name: "notes-groups-1280x720-dark", from: "notes-groups-1280x720-dark", test: "notes-groups" },
  { name: "runs-list-1280x720", from: "runs-list-notes-1280x720", test: "run-report" },
  { name: "step-exports", from: "step-exports-1440x900", test: "exports" },
  { name: "shopping-item-light", from: "shopping-episode2-step2-1440-light", test: "shopping-step-view" },
];

const tests = [...new Set(PICTURES.map((picture) => `test/e2e/${picture.test}.test.ts`))];
const run = spawnSync("npx", ["vitest", "run", ...tests], { stdio: "inherit" });
if (run.status !== 0) {
  console.error("screenshots: a test failed; docs/screenshots is left as it was");
  process.exit(run.status ?? 1);
}
mkdirSync(DOCS, { recursive: true });
for (const { name, from } of PICTURES) copyFileSync(`${SHOTS}/${from}.png`, `${DOCS}/${name}.png`);
console.log(`screenshots: ${PICTURES.length} pictures copied to ${DOCS}`);
