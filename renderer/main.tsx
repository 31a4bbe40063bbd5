import "@xyflow/react/dist/style.css";
import "./styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { apiUrlFromPage, WebSocketTransport } from "../protocol/ws-transport.js";
import { App } from "./app/App.js";
import { useEditor } from "./document/editor-store.js";
import { TransportContext } from "./transport-context.js";

const root = createRoot(document.getElementById("root")!);

/** Connects to the server that served this page (its token is in the page's URL), then shows the editor. */
async function start() {
  try {
    const transport = await WebSocketTransport.connect(apiUrlFromPage(window.location.href));
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
        <p>Open the address that `foresight serve` printed (it carries the access token).</p>
      </div>,
    );
  }
}

void start();
