import { createContext, useContext } from "react";
import type { Transport } from "../protocol/index.js";

/** The host the editor talks to (foresight serve's WebSocket, or a desktop bridge). */
export const TransportContext = createContext<Transport | null>(null);

export function useTransport(): Transport {
  const transport = useContext(TransportContext);
  if (!transport) throw new Error("useTransport: no TransportContext provider above this component");
  return transport;
}
