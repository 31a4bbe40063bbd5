import type { XYPosition } from "@xyflow/react";

/** A card's grid cell: wide and tall enough that a new card never touches its neighbours. */
export const CELL = { width: 280, height: 220 };
/** A card's size, about (a full card at 100%). */
export const CARD = { width: 240, height: 180 };
/** How close another card's corner may come before a cell counts as taken: a card's size. */
const CLEARANCE = { x: CARD.width, y: CARD.height };

/** The part of the canvas a new card should land in (flow coordinates). */
export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A place for a new card that no card covers: the first free cell of a grid laid from `area`'s
 * top-left corner, as many cards a row as fit in it (at least one). Without an area the grid starts
 * at the origin, three cells a row. Cells below the area are used when it is full.
 */
export function freeSpot(taken: readonly { position: XYPosition }[], area?: Area): XYPosition {
  const origin = area ? { x: area.x, y: area.y } : { x: 0, y: 0 };
  // The last cell of a row needs room for a card, not for the gap after it.
  const columns = area ? Math.max(1, Math.floor((area.width - CLEARANCE.x) / CELL.width) + 1) : 3;
  const occupied = (x: number, y: number) => isTaken(taken, x, y);
  for (let i = 0; ; i++) {
    const x = origin.x + (i % columns) * CELL.width;
    const y = origin.y + Math.floor(i / columns) * CELL.height;
    if (!occupied(x, y)) return { x, y };
  }
}

/**
 * The free spot nearest `wanted`: `wanted` itself, else a whole cell below or above it (nearer first, below
 * before above), else the same one column further right. A card added where the user pointed never lands on another.
 */
export function nearestFreeSpot(taken: readonly { position: XYPosition }[], wanted: XYPosition): XYPosition {
  const rows = [0, 1, -1, 2, -2];
  for (let column = 0; ; column++) {
    for (const row of rows) {
      const spot = { x: wanted.x + column * CELL.width, y: wanted.y + row * CELL.height };
      if (!isTaken(taken, spot.x, spot.y)) return spot;
    }
  }
}

/** Where a kind clicked in the palette goes: one cell right of `anchor` (the card it follows), level with it where that is free, so edges run left to right. */
export function spotBeside(taken: readonly { position: XYPosition }[], anchor: XYPosition): XYPosition {
  return nearestFreeSpot(taken, { x: anchor.x + CELL.width, y: anchor.y });
}

function isTaken(taken: readonly { position: XYPosition }[], x: number, y: number): boolean {
  return taken.some(({ position }) => Math.abs(position.x - x) < CLEARANCE.x && Math.abs(position.y - y) < CLEARANCE.y);
}
