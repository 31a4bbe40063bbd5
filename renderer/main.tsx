import "@xyflow/react/dist/style.css";
import "./styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BridgeTransport } from "../protocol/bridge-transport.js";
import { BRIDGE_GLOBAL, type ForesightBridge } from "../protocol/desktop.js";
import type { Transport } from "../protocol/transport.js";
import { apiUrlFromPage, WebSocketTransport } from "../protocol/ws-transport.js";
import { App } from "./app/App.js";
import { useEditor } from "./document/editor-store.js";
import { TransportContext } from "./transport-context.js";

const root = createRoot(document.getElementById("root")!);

/** The desktop app's preload bridge, when this page runs in it. */
const bridge = (window as unknown as Record<string, ForesightBridge | undefined>)[BRIDGE_GLOBAL];

/**
 * Connects to the host — the desktop app's bridge when there is one, else the server that served
 * this page (its token is in the page's URL) — then shows the editor.
 */
async function start() {
  try {
    const transport: Transport = bridge ? new BridgeTransport(bridge) : await WebSocketTransport.connect(apiUrlFromPage(window.location.href));
    useEditor.getState().setCatalog(await transport.describeKinds());
    root.render(
      <StrictMode>
        <TransportContext.Provider value={transport}>
          <App transport={transport} />
        </TransportContext.Provider>
      </StrictMode>,
    );
  } catch (error) {
    root.render(
      <div className="fatal" role="alert">
        <h1>Foresight</h1>
        <p>{(error as Error).message}</p>
        {!bridge && <p>Open the address that `foresight serve` printed (it carries the access token).</p>}
      </div>,
    );
  }
}

void start();
