import { describe, expect, it } from "vitest";
import { defaultPanelSize, minimapShown, savedLayout, useWorkspace } from "./workspace-store.js";

describe("the workspace's panel sizes", () => {
  it("gives the run panels 36% of the window's height by default, 200 to 320 px", () => {
    expect(defaultPanelSize("bottom", 900)).toBe(320);
    expect(defaultPanelSize("bottom", 720)).toBe(259);
    expect(defaultPanelSize("bottom", 400)).toBe(200);
    expect(defaultPanelSize("bottom", 1440)).toBe(320);
  });

  it("keeps a size the user set, whatever the window, and remembers it", () => {
    const workspace = useWorkspace.getState();
    expect(workspace.bottom.size).toBeNull();
    workspace.resize("bottom", 250);
    workspace.toggle("bottom");
    const { palette, side, bottom, minimap } = useWorkspace.getState();
    expect(bottom).toEqual({ size: 250, collapsed: true });
    expect(savedLayout(JSON.stringify({ palette, side, bottom, minimap })).bottom).toEqual({ size: 250, collapsed: true });
  });

  it("reads an unsized panel as following the window, and an earlier version's saved 320 (its default) too", () => {
    const saved = (bottom: object) => savedLayout(JSON.stringify({ palette: { size: 240, collapsed: false }, side: { size: null, collapsed: false }, bottom, minimap: false }));
    expect(saved({ size: null, collapsed: false }).bottom).toEqual({ size: null, collapsed: false });
    expect(saved({ size: 320, collapsed: true }).bottom).toEqual({ size: null, collapsed: true });
    expect(saved({ size: 300, collapsed: false }).bottom).toEqual({ size: 300, collapsed: false });
    expect(saved({ size: 9000, collapsed: false }).bottom).toEqual({ size: 640, collapsed: false });
    expect(saved({ size: 300, collapsed: false }).palette).toEqual({ size: 240, collapsed: false });
    expect(savedLayout(null, true).bottom).toEqual({ size: null, collapsed: true });
    expect(savedLayout("{not json").bottom).toEqual({ size: null, collapsed: false });
  });

  it("hides the mini map below 1200 px wide until the user shows it, and keeps a choice over an earlier version's default", () => {
    expect(minimapShown(null, 1024)).toBe(false);
    expect(minimapShown(null, 1280)).toBe(true);
    expect(minimapShown(true, 1024)).toBe(true);
    expect(minimapShown(false, 1440)).toBe(false);
    const panels = { palette: { size: null, collapsed: false }, side: { size: null, collapsed: false }, bottom: { size: null, collapsed: false } };
    // Earlier versions stored true whether or not it was chosen: the window's width decides.
    expect(savedLayout(JSON.stringify({ ...panels, minimap: true })).minimap).toBeNull();
    expect(savedLayout(JSON.stringify({ ...panels, minimap: false })).minimap).toBe(false);
    expect(savedLayout(JSON.stringify({ ...panels, minimapChoice: true })).minimap).toBe(true);
    expect(savedLayout(null).minimap).toBeNull();
  });
});
