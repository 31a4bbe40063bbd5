import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "./fixtures/foresight-process.js";

// electron-builder's own config loader pieces (it reads YAML with js-yaml and checks scheme.json with ajv).
const require = createRequire(join(process.cwd(), "node_modules/app-builder-lib/package.json"));
const { load } = require("js-yaml") as { load(text: string): unknown };
const { validateConfiguration } = require("./out/util/config/config.js") as {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};

const { minimatch } = require("minimatch") as { minimatch(path: string, pattern: string, options?: { matchBase?: boolean }): boolean };
const validate = (config: unknown) => validateConfiguration(config, { isEnabled: false, add: () => undefined });
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the parsed YAML, checked by the schema
const config = load(readFileSync("electron-builder.yml", "utf8")) as any;

/** Where the installer puts a repository file (its path in resources/, beside app.asar), or undefined if extraResources does not ship it. */
function shippedAt(file: string): string | undefined {
  for (const { from, to, filter } of config.extraResources as { from: string; to: string; filter?: string[] }[]) {
    if (file === from) return to;
    const inside = file.startsWith(`${from}/`) ? file.slice(from.length + 1) : undefined;
    if (inside !== undefined && (!filter || filter.some((pattern) => minimatch(inside, pattern, { matchBase: true })))) return posix.join(to, inside);
  }
  return undefined;
}

/** The relative links (and images) of a Markdown file, without their #fragments. */
const relativeLinks = (markdown: string) =>
  [...markdown.matchAll(/\]\(([^)#\s]+)[^)]*\)/g)].map((match) => decodeURI(match[1]!)).filter((link) => !/^[a-z]+:/i.test(link));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe("electron-builder.yml", () => {
  it("passes electron-builder's own schema validation (and the validator does reject a bad config)", async () => {
    await expect(validate(config)).resolves.toBeUndefined();
    await expect(validate({ ...config, nsis: { ...config.nsis, oneClik: false } })).rejects.toThrow(/configuration\.nsis/);
    await expect(validate({ ...config, fileAssociations: [{ name: "no ext" }] })).rejects.toThrow(/configuration\.fileAssociations/);
  });

  it("names the app, its binary and where installers go (not dist/, the build)", () => {
    expect(config).toMatchObject({ appId: "dev.foresight.desktop", productName: "Foresight", executableName: "foresight-app", directories: { output: "release" } });
    // Windows' AppUserModelID, set by the app at start, must be the installer's.
    expect(readFileSync("electron/desktop-app.ts", "utf8")).toContain(`const APP_ID = "${config.appId}";`);
    expect(JSON.parse(readFileSync("package.json", "utf8")).productName).toBe(config.productName);
  });

  it("builds NSIS on Windows, dmg and zip on macOS, AppImage and deb on Linux", () => {
    const targets = (platform: string) => config[platform].target.map((t: { target: string }) => t.target);
    expect(targets("win")).toEqual(["nsis"]);
    expect(targets("mac")).toEqual(["dmg", "zip"]);
    expect(targets("linux")).toEqual(["AppImage", "deb"]);
  });

  it("associates .foresight.json files with the app", () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: "foresight.json", role: "Editor", mimeType: "application/x-foresight-pipeline+json" })]);
  });

  it("packs the built main, preload and editor, and keeps onnxruntime-node's native files out of the asar", () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(["package.json", "dist/**/*"]));
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    expect(pkg.main).toBe("dist/launch/desktop.js");
    for (const built of [pkg.main, "dist/electron/preload.cjs", "dist/renderer/index.html"]) expect(existsSync(built), `${built} (npm run build)`).toBe(true);
    for (const ext of ["node", "so", "dylib", "dll"]) expect(config.asarUnpack).toContain(`node_modules/onnxruntime-node/**/*.${ext}`);
    // ONNX Runtime opens model files by path: the templates' models are real files, not in the asar.
    expect(config.files.join(" ")).not.toMatch(/examples|models/);
    expect(config.extraResources).toEqual(
      expect.arrayContaining([
        { from: "examples", to: "examples", filter: ["*.foresight.json"] },
        { from: "assets/models", to: "assets/models", filter: ["*.onnx"] },
      ]),
    );
    // The patterns match onnxruntime-node's binding as installed.
    expect(existsSync("node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node")).toBe(true);
  });

  it("ships the README and docs/ in the repository's layout, so Help › Documentation's links and screenshots resolve installed", () => {
    expect(shippedAt("README.md")).toBe("README.md");
    // Help › Documentation opens resources/README.md (test/electron-desktop-app.test.ts).
    const pages = ["README.md", ...readdirSync("docs").filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];
    let checked = 0;
    for (const page of pages) {
      for (const link of relativeLinks(readFileSync(page, "utf8"))) {
        const target = posix.join(posix.dirname(page), link);
        const installed = shippedAt(target);
        // Links into the sources (nodes/…, runtime/…) are for readers of the repository: not shipped.
        if (installed === undefined || !existsSync(target)) continue;
        expect(posix.join(posix.dirname(shippedAt(page)!), link), `${page} → ${link}`).toBe(installed);
        checked++;
      }
    }
    // The README's docs/ links and screenshots, and docs/'s links back to the README.
    expect(checked).toBeGreaterThan(40);
  });

  it("ships foresight_env beside app.asar, where the installed app finds it for Gymnasium environments and Python imports it", async () => {
    // The installed layout: the build inside resources/app.asar, extraResources beside it.
    const resources = join(tempDir("installed"), "resources");
    const launch = join(resources, "app.asar/dist/nodes/environment/external/launch.js");
    mkdirSync(dirname(launch), { recursive: true });
    // The built file (it imports only node: modules), without its source map's comment, which points at nothing here.
    writeFileSync(launch, readFileSync("dist/nodes/environment/external/launch.js", "utf8").replace(/^\/\/# sourceMappingURL=.*$/m, ""));
    for (const name of readdirSync("python/foresight_env")) {
      const installed = shippedAt(`python/foresight_env/${name}`);
      if (installed === undefined) continue;
      mkdirSync(dirname(join(resources, installed)), { recursive: true });
      copyFileSync(join("python/foresight_env", name), join(resources, installed));
    }
    const { shippedPythonFolder } = (await import(pathToFileURL(launch).href)) as typeof import("../nodes/environment/external/launch.js");
    expect(shippedPythonFolder()).toBe(join(resources, "python"));
    const python = spawnSync("python3", ["-c", "import foresight_env.server, foresight_env.protocol; print(foresight_env.__file__)"], {
      encoding: "utf8",
      env: { ...process.env, PYTHONPATH: shippedPythonFolder() },
    });
    expect(python.stderr).toBe("");
    expect(python.stdout.trim()).toBe(join(resources, "python/foresight_env/__init__.py"));
  });

  it("has every icon it names: PNG sizes for Linux, an ICO for Windows, an ICNS for macOS", () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(readFileSync(join(config.linux.icon, `${size}x${size}.png`)))).toEqual([size, size]);
    }
    const ico = readFileSync(config.win.icon);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => {
      const entry = 6 + 16 * i;
      const png = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
      const [width] = pngSize(png);
      expect(ico.readUInt8(entry) || 256).toBe(width);
      return width;
    });
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
    const icns = readFileSync(config.mac.icon);
    expect(icns.subarray(0, 4).toString("ascii")).toBe("icns");
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types = new Map<string, number>();
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) types.set(icns.subarray(at, at + 4).toString("ascii"), pngSize(icns.subarray(at + 8))[0]);
    expect(Object.fromEntries(types)).toEqual({ icp4: 16, icp5: 32, icp6: 64, ic07: 128, ic08: 256, ic09: 512, ic10: 1024, ic11: 32, ic12: 64, ic13: 256, ic14: 512 });
    for (const name of ["icon.ico", "icon.icns"]) expect(existsSync(join(config.directories.buildResources, name))).toBe(true);
  });
});
