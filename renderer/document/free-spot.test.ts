import { describe, expect, it } from "vitest";
import { freeSpot, nearestFreeSpot, spotBeside } from "./free-spot.js";

const at = (x: number, y: number) => ({ position: { x, y } });

describe("freeSpot", () => {
  it("fills a three-cell grid from the origin without an area", () => {
    expect(freeSpot([])).toEqual({ x: 0, y: 0 });
    expect(freeSpot([at(0, 0), at(280, 0), at(560, 0)])).toEqual({ x: 0, y: 220 });
  });

  it("starts at the area's corner and lays as many cells a row as fit in it", () => {
    const area = { x: -100, y: 50, width: 800, height: 400 };
    expect(freeSpot([], area)).toEqual({ x: -100, y: 50 });
    // 800 wide: cards at 0, 280 and 560 from the corner (the third ends at 800).
    expect(freeSpot([at(-100, 50), at(180, 50)], area)).toEqual({ x: 460, y: 50 });
    expect(freeSpot([at(-100, 50), at(180, 50), at(460, 50)], area)).toEqual({ x: -100, y: 270 });
  });

  it("skips cells a card comes close to, wherever the card is", () => {
    const area = { x: 0, y: 0, width: 900, height: 400 };
    expect(freeSpot([at(30, 40)], area)).toEqual({ x: 280, y: 0 });
  });

  it("keeps one cell a row in an area narrower than a card, going on below it when it is full", () => {
    const area = { x: 0, y: 0, width: 100, height: 100 };
    expect(freeSpot([at(0, 0)], area)).toEqual({ x: 0, y: 220 });
  });
});

describe("spotBeside", () => {
  it("goes one cell right of the card it follows, level with it", () => {
    expect(spotBeside([at(100, 40)], { x: 100, y: 40 })).toEqual({ x: 380, y: 40 });
  });

  it("goes below, then above, a card already right of it, before going further right", () => {
    expect(spotBeside([at(0, 0), at(280, 0)], { x: 0, y: 0 })).toEqual({ x: 280, y: 220 });
    expect(spotBeside([at(0, 0), at(280, 0), at(280, 220)], { x: 0, y: 0 })).toEqual({ x: 280, y: -220 });
    const column = [-440, -220, 0, 220, 440].map((y) => at(280, y));
    expect(spotBeside([at(0, 0), ...column], { x: 0, y: 0 })).toEqual({ x: 560, y: 0 });
  });
});

describe("nearestFreeSpot", () => {
  it("keeps a free spot, and moves off a card a spot would overlap", () => {
    expect(nearestFreeSpot([at(0, 0)], { x: 500, y: 500 })).toEqual({ x: 500, y: 500 });
    expect(nearestFreeSpot([at(0, 0)], { x: 60, y: 30 })).toEqual({ x: 60, y: 250 });
  });
});
