/** The page's Content-Security-Policy (protocol/csp.ts: the desktop app's main process sends it too). */
export { CONTENT_SECURITY_POLICY } from "../protocol/csp.js";
