/**
 * Bundles the `foresight` command (dist/launch/foresight.js and what it imports) into
 * dist/cli-bundle/, which bin/foresight.js runs: one file and a few lazily loaded chunks instead
 * of ~450 ES modules, so every command starts in about half the time (module resolution, file
 * reads and compiles were most of its start-up). Run by `npm run build` after tsc.
 *
 * - Each module's `import.meta.url` is rewritten to its compiled file's in dist/, so what it finds
 *   beside itself (worker threads' entry files, package.json, the renderer, native bindings) is
 *   found as before; worker threads load those unbundled files.
 * - Dependencies with native code or files of their own (onnxruntime-node, bullmq, ioredis,
 *   node-llama-cpp, …) stay imports. Pure JavaScript ones every command loads are inlined, zod
 *   too (~0.15 s of start-up alone): a node kind module's own zod (`serve --kinds`) is read as
 *   well, as zod keeps its registry of descriptions on globalThis for every copy.
 */
import { rmSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { rolldown } from "rolldown";

const dist = fileURLToPath(new URL("../", import.meta.url));
const outDir = resolve(dist, "cli-bundle");
/**
 * Modules left out of the bundle, imported from dist/ as they are: sandbox-thread's functions are
 * sent to a worker thread as their source text, which must not see the bundler's names (`require`
 * becomes `__require` in a bundle).
 */
const UNBUNDLED = ["nodes/script/sandbox-thread.js"].map((file) => resolve(dist, file));
/** Pure JavaScript, loaded by every command: inlined. */
const INLINED = new Set(["zod", "commander", "cli-progress", "hyparquet", "hyparquet-writer", "pure-rand", "filtrex", "onnx-proto", "ws"]);

function packageOf(id: string): string {
  const parts = id.split("/");
  return id.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

const bundle = await rolldown({
  input: resolve(dist, "launch/foresight.js"),
  platform: "node",
  logLevel: "warn",
  external: (id) => {
    if (id.startsWith("node:")) return true;
    if (id.startsWith(".") || id.startsWith(sep) || id.startsWith("/")) return false;
    return !INLINED.has(packageOf(id));
  },
  plugins: [
    {
      name: "unbundled",
      resolveId(source, importer) {
        if (!importer || !source.startsWith(".")) return null;
        const target = resolve(dirname(importer), source);
        return UNBUNDLED.includes(target) ? { id: relative(outDir, target).split(sep).join("/"), external: true } : null;
      },
    },
    {
      name: "module-url",
      transform(code, id) {
        if (!id.startsWith(dist) || !code.includes("import.meta.url")) return null;
        const compiled = relative(outDir, id).split(sep).join("/");
        return code.replaceAll("import.meta.url", `new URL(${JSON.stringify(compiled)}, import.meta.url).href`);
      },
    },
  ],
});
rmSync(outDir, { recursive: true, force: true });
await bundle.write({ dir: outDir, format: "esm", entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js" });
await bundle.close();
