import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**"],
    testTimeout: 60_000,
    pool: "forks",
    // The second prints, once per run, the tests skipped for want of Chromium or Python (test/fixtures/requirements.ts).
    reporters: ["default", "./test/fixtures/requirements-reporter.ts"],
  },
});
