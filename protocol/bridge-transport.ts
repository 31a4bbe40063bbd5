import { ProtocolClient } from "./client.js";
import type { z } from "zod";
import type { DesktopMessage, DesktopMethodName, DesktopMethodResults, desktopMethodParams, ForesightBridge, MenuCommand } from "./desktop.js";
import type { Unsubscribe } from "./transport.js";
import type { MethodName, MethodParams, MethodResults } from "./wire.js";

/**
 * The Transport over the desktop app's preload bridge (`window.foresight`, desktop.ts), plus the
 * desktop's own calls (native dialogs, the window's document state) and its menu commands.
 */
export class BridgeTransport extends ProtocolClient {
  private readonly menuListeners = new Set<(command: MenuCommand) => void>();
  private readonly openListeners = new Set<(path: string) => void>();

  constructor(private readonly bridge: ForesightBridge) {
    super();
    // One message per task, as over the WebSocket: what a reply's promise sets off (storing a run
    // id) is done before the next message (that run's first events) reaches a listener.
    bridge.onMessage((message) => setTimeout(() => this.receive(message), 0));
  }

  protected call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResults[M]> {
    return this.bridge.call(method, params as never) as Promise<MethodResults[M]>;
  }

  /** A desktop-only method (see desktopMethodParams). */
  desktop<M extends DesktopMethodName>(method: M, params: z.input<(typeof desktopMethodParams)[M]>): Promise<DesktopMethodResults[M]> {
    return this.bridge.call(method, params as never) as Promise<DesktopMethodResults[M]>;
  }

  onMenuCommand(listener: (command: MenuCommand) => void): Unsubscribe {
    this.menuListeners.add(listener);
    return () => this.menuListeners.delete(listener);
  }

  /** Files the app asks this window to open (from the OS, Open Recent, or dropped on it). */
  onOpenFile(listener: (path: string) => void): Unsubscribe {
    this.openListeners.add(listener);
    return () => this.openListeners.delete(listener);
  }

  private receive(message: DesktopMessage): void {
    if (message.push === "menu.command") for (const listener of this.menuListeners) listener(message.command);
    else if (message.push === "file.open") for (const listener of this.openListeners) listener(message.path);
    else this.dispatch(message);
  }
}
