import { defineConfig } from "vitest/config";

const E2E = "test/e2e/**/*.test.ts";

export default defineConfig({
  test: {
    exclude: ["node_modules/**", "dist/**"],
    testTimeout: 60_000,
    // A poll waits for something the UI or a run will show; under the whole suite's load on two cores
    // that can take longer than vitest's 1 s default. Tests that bound a delay assert it themselves.
    expect: { poll: { timeout: 5_000 } },
    pool: "forks",
    // Every test's temporary files in one folder, removed at the end (test/fixtures/scratch-tmpdir.ts).
    globalSetup: ["./test/fixtures/scratch-tmpdir.ts"],
    // The second prints, once per run, the tests skipped for want of Chromium or Python (test/fixtures/requirements.ts).
    reporters: ["default", "./test/fixtures/requirements-reporter.ts"],
    // The editor's end-to-end tests run after the rest, not beside it: their clicks wait on a browser's
    // frames, and on two cores the other files' training, ONNX and Python runs starved them into
    // timing races (four of seven fresh-clone runs of the whole suite on 2026-12-02 failed one).
    projects: [
      { extends: true, test: { name: "unit", include: ["**/*.test.ts"], exclude: ["node_modules/**", "dist/**", E2E], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "e2e", include: [E2E], sequence: { groupOrder: 1 } } },
    ],
  },
});
