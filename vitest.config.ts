import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**"],
    testTimeout: 60_000,
    // A poll waits for something the UI or a run will show; under the whole suite's load on two cores
    // that can take longer than vitest's 1 s default. Tests that bound a delay assert it themselves.
    expect: { poll: { timeout: 5_000 } },
    pool: "forks",
    // Test files share one process and its loaded modules: importing the engine, ONNX Runtime and
    // the renderer's sources again for each of ~190 files took about a sixth of the suite's time.
    // A file that changes shared state puts it back (test/fixtures/fake-electron.ts: fake.reset()).
    isolate: false,
    // Every test's temporary files in one folder, removed at the end (test/fixtures/scratch-tmpdir.ts).
    globalSetup: ["./test/fixtures/scratch-tmpdir.ts"],
    // The second prints, once per run, the tests skipped for want of Chromium or Python (test/fixtures/requirements.ts).
    reporters: ["default", "./test/fixtures/requirements-reporter.ts"],
  },
});
