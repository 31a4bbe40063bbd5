/**
 * What a Q(s, a) net reads of one (state, action-vector) pair. For text actions the state is rows of
 * the action encoding's width (the shop's `bow`: the instruction's words, the page's words), and each
 * row times the action, elementwise, follows the two: how much the action's words overlap the
 * instruction's and the page's is what ranks a search, a click or a choice, and a small MLP does not
 * learn such products from the concatenation alone on a few thousand episodes.
 */
export interface PairLayout {
  stateWidth: number;
  actionWidth: number;
  /** State rows multiplied by the action; 0 for none (box actions). */
  rowProducts: number;
}

/** Features per pair: the state, the action, then each product row. */
export function pairWidth(layout: PairLayout): number {
  return layout.stateWidth + layout.actionWidth + layout.rowProducts * layout.actionWidth;
}

/** The layout for text actions: row products when the state is whole rows of the action's width, else none. */
export function textPairLayout(stateWidth: number, actionWidth: number): PairLayout {
  return { stateWidth, actionWidth, rowProducts: stateWidth % actionWidth === 0 ? stateWidth / actionWidth : 0 };
}

/** `count` pairs, row by row, from states and actions stored row by row. */
export function pairFeatures(layout: PairLayout, states: Float32Array, actions: Float32Array, count: number): Float32Array {
  const { stateWidth, actionWidth, rowProducts } = layout;
  const width = pairWidth(layout);
  const out = new Float32Array(count * width);
  for (let i = 0; i < count; i++) {
    const state = states.subarray(i * stateWidth, (i + 1) * stateWidth);
    const action = actions.subarray(i * actionWidth, (i + 1) * actionWidth);
    const base = i * width;
    out.set(state, base);
    out.set(action, base + stateWidth);
    for (let r = 0; r < rowProducts; r++) {
      const offset = base + stateWidth + actionWidth + r * actionWidth;
      for (let k = 0; k < actionWidth; k++) out[offset + k] = state[r * actionWidth + k]! * action[k]!;
    }
  }
  return out;
}
