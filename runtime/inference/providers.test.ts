import { describe, expect, it } from "vitest";
import { resolveProviders, type SupportedBackend } from "./providers.js";

// What onnxruntime-node 1.30's prebuilt binaries list on each platform.
const linux: SupportedBackend[] = [
  { name: "cpu", bundled: true },
  { name: "webgpu", bundled: true },
  { name: "cuda", bundled: false },
  { name: "tensorrt", bundled: false },
];
const windows: SupportedBackend[] = [
  { name: "cpu", bundled: true },
  { name: "dml", bundled: true },
  { name: "webgpu", bundled: true },
];
const mac: SupportedBackend[] = [
  { name: "cpu", bundled: true },
  { name: "webgpu", bundled: true },
  { name: "coreml", bundled: true },
];

describe("resolveProviders", () => {
  it("tries CUDA, then CPU, for auto on Linux (CUDA is listed even before its download)", () => {
    expect(resolveProviders("auto", "linux", linux)).toEqual(["cuda", "cpu"]);
  });

  it("tries CUDA, then DirectML, then CPU for auto on Windows, skipping CUDA when the build lacks it", () => {
    expect(resolveProviders("auto", "win32", [...windows, { name: "cuda", bundled: false }])).toEqual(["cuda", "dml", "cpu"]);
    expect(resolveProviders("auto", "win32", windows)).toEqual(["dml", "cpu"]);
  });

  it("tries CoreML, then CPU, for auto on macOS", () => {
    expect(resolveProviders("auto", "darwin", mac)).toEqual(["coreml", "cpu"]);
  });

  it("runs on CPU alone for auto elsewhere", () => {
    expect(resolveProviders("auto", "freebsd", [{ name: "cpu", bundled: true }])).toEqual(["cpu"]);
  });

  it("keeps CPU as the fallback for a fixed provider", () => {
    expect(resolveProviders("cuda", "linux", linux)).toEqual(["cuda", "cpu"]);
    expect(resolveProviders("coreml", "darwin", mac)).toEqual(["coreml", "cpu"]);
    expect(resolveProviders("cpu", "win32", windows)).toEqual(["cpu"]);
  });

  it("skips a fixed provider this build does not have", () => {
    expect(resolveProviders("dml", "linux", linux)).toEqual(["cpu"]);
    expect(resolveProviders("cuda", "darwin", mac)).toEqual(["cpu"]);
  });
});
