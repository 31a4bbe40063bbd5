import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// No Docker here: the example is read as compose and the Docker CLI would read it, by its YAML and its ignore patterns.
const require = createRequire(join(process.cwd(), "node_modules/app-builder-lib/package.json"));
const { load } = require("js-yaml") as { load(text: string): unknown };

const page = readFileSync("docs/distributed.md", "utf8");
const block = (language: string) => [...page.matchAll(/```(\w+)\n([\s\S]*?)```/g)].find((match) => match[1] === language)?.[2] ?? "";

interface Service {
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
}

describe("docs/distributed.md's docker compose cluster", () => {
  it("starts the workers once Redis answers and starts again one that exits (a worker that cannot reach Redis does not retry)", () => {
    const { services } = load(block("yaml")) as { services: Record<string, Service> };
    expect(services["redis"]?.healthcheck?.test.join(" ")).toMatch(/redis-cli .*ping/);
    expect(services["worker"]?.depends_on).toEqual({ redis: { condition: "service_healthy" } });
    expect(services["worker"]?.restart).toBe("on-failure");
  });

  it("builds once: npm ci runs the prepare script, which is the build", () => {
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts["prepare"]).toBe("npm run build");
    const run = block("dockerfile").split("\n").filter((line) => line.startsWith("RUN "));
    expect(run).toEqual(["RUN npm ci"]);
  });

  it("has a .dockerignore that keeps what was built or run here out of the build context, and what npm ci needs in it", () => {
    const ignored = readFileSync(".dockerignore", "utf8")
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("#"))
      .map((line) => line.replace(/\/$/, ""));
    expect(ignored).toEqual(expect.arrayContaining(["node_modules", "dist", "runs", ".venv", ".git"]));
    for (const needed of ["package.json", "package-lock.json", ".npmrc", "tsconfig.json", "tsconfig.build.json", "bin", "renderer", "host"]) {
      expect(ignored).not.toContain(needed);
    }
  });
});
