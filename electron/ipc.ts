import type { z } from "zod";
import { desktopMethodParams, methodParams, type DesktopMethodName, type DesktopMethodResults, type Reply } from "../protocol/index.js";
import type { Handlers } from "../host/editor-api/handlers.js";
import { answerMessage } from "../host/editor-api/answer.js";
import { isAppFrame, type SenderFrame } from "./security.js";

/** The IPC channel of the bridge's calls (ipcRenderer.invoke → ipcMain.handle). */
export const CALL_CHANNEL = "foresight:call";
/** The channel main pushes messages to a window on (DesktopMessage). */
export const MESSAGE_CHANNEL = "foresight:message";
/** The preload's own channel: files the user dropped on the window (absolute paths from webUtils). */
export const DROP_CHANNEL = "foresight:drop";

/** One function per desktop-only method, taking its checked params. */
export type DesktopHandlers = {
  [M in DesktopMethodName]: (params: z.output<(typeof desktopMethodParams)[M]>) => DesktopMethodResults[M] | Promise<DesktopMethodResults[M]>;
};

/**
 * Answers one bridge call from a window: refused unless it comes from the app's own page (top
 * frame, the editor's URL); the protocol's methods are checked and answered exactly as the
 * WebSocket server does (same zod schemas, same messages), the desktop's own against
 * desktopMethodParams. Never throws: every failure is an error reply the preload rethrows.
 */
export async function answerBridgeCall(
  frame: SenderFrame | null | undefined,
  pageUrl: string,
  method: unknown,
  params: unknown,
  handlers: { api: Handlers; desktop: DesktopHandlers },
): Promise<Reply> {
  const id = 0;
  if (!isAppFrame(frame, pageUrl)) return { id, error: { message: "refused: the call does not come from the editor's page" } };
  if (typeof method === "string" && Object.hasOwn(desktopMethodParams, method)) {
    const name = method as DesktopMethodName;
    const checked = desktopMethodParams[name].safeParse(params ?? {});
    if (!checked.success) return { id, error: { message: `${name}: ${checked.error.issues.map((i) => `${i.path.length > 0 ? `${i.path.join(".")}: ` : ""}${i.message}`).join("; ")}` } };
    try {
      const call = handlers.desktop[name] as (params: unknown) => unknown;
      return { id, result: (await call(checked.data)) ?? null };
    } catch (error) {
      return { id, error: { message: `${name}: ${(error as Error).message}` } };
    }
  }
  return answerMessage({ id, method, params }, handlers.api);
}

/** Every method name the bridge carries: the protocol's and the desktop's (the preload refuses others). */
export function bridgeMethodNames(): string[] {
  return [...Object.keys(methodParams), ...Object.keys(desktopMethodParams)];
}
