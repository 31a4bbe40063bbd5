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
  const occupied = (x: number, y: number) => taken.some(({ position }) => Math.abs(position.x - x) < CLEARANCE.x && Math.abs(position.y - y) < CLEARANCE.y);
  for (let i = 0; ; i++) {
    const x = origin.x + (i % columns) * CELL.width;
    const y = origin.y + Math.floor(i / columns) * CELL.height;
    if (!occupied(x, y)) return { x, y };
  }
}
