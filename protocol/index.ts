/**
 * What the editor (renderer/) and the hosts share: the Transport the editor codes against, the
 * shapes it carries, and the WebSocket wire format of `foresight serve`. Plain TypeScript and zod;
 * it imports nothing else of the project and nothing of Node, so it runs in a browser.
 */
export type * from "./files.js";
export type * from "./kinds.js";
export type * from "./problems.js";
export type * from "./run-events.js";
export * from "./node-notes.js";
export * from "./runs.js";
export * from "./run-filter.js";
export type * from "./scenes.js";
export type * from "./shopping.js";
export type * from "./point-mass.js";
export type * from "./control-scenes.js";
export * from "./sweeps.js";
export type * from "./transport.js";
export * from "./traced-values.js";
export * from "./chat-exchanges.js";
export * from "./shown-values.js";
export type * from "./values.js";
export * from "./wire.js";
export * from "./model-path.js";
export * from "./ws-transport.js";
export * from "./script-declarations.js";
export * from "./client.js";
export * from "./desktop.js";
export * from "./bridge-transport.js";
export * from "./canvas-items.js";
export * from "./format-estimate.js";
export * from "./success-trials.js";
export * from "./episode-difference.js";
export { meanDifference, meanInterval, movingMean, proportionDifference, wilsonInterval } from "./stats.js";
