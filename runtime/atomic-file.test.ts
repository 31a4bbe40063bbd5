import { chmodSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { replaceAtomically, writeFileAtomic } from "./atomic-file.js";

describe("replacing a file atomically", () => {
  it("writes through a symbolic link: the link stays, the file it points to changes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atomic-link-"));
    writeFileSync(join(dir, "v3.onnx"), "old");
    symlinkSync("v3.onnx", join(dir, "model.onnx"));
    writeFileAtomic(join(dir, "model.onnx"), "new");
    expect(lstatSync(join(dir, "model.onnx")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "model.onnx"))).toBe("v3.onnx");
    expect(readFileSync(join(dir, "v3.onnx"), "utf8")).toBe("new");
    await replaceAtomically(join(dir, "model.onnx"), (temporary) => writeFileSync(temporary, "newer"));
    expect(lstatSync(join(dir, "model.onnx")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "v3.onnx"), "utf8")).toBe("newer");
  });

  it("keeps the replaced file's mode: a read-only model stays read-only, an executable stays executable", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atomic-mode-"));
    const model = join(dir, "q.onnx");
    writeFileSync(model, "old");
    chmodSync(model, 0o444);
    writeFileAtomic(model, "new");
    expect(statSync(model).mode & 0o777).toBe(0o444);
    expect(readFileSync(model, "utf8")).toBe("new");
    const script = join(dir, "run.sh");
    writeFileSync(script, "old");
    chmodSync(script, 0o750);
    await replaceAtomically(script, (temporary) => writeFileSync(temporary, "new"));
    expect(statSync(script).mode & 0o777).toBe(0o750);
  });
});
