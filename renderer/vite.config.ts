import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { CONTENT_SECURITY_POLICY } from "./csp.js";

/** The built page carries its Content-Security-Policy (csp.ts) as the first thing in <head>. */
function contentSecurityPolicy(): Plugin {
  return {
    name: "foresight-csp",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler: () => [{ tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: CONTENT_SECURITY_POLICY }, injectTo: "head-prepend" }],
    },
  };
}

// The editor as a plain web app: `foresight serve` serves dist/renderer, the desktop app serves it on its own scheme (electron/page-protocol.ts); everything is bundled (no CDN).
export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  plugins: [react(), contentSecurityPolicy()],
  // Monaco's workers as same-origin ES module files (a strict CSP allows them; no blob: or eval).
  worker: { format: "es" },
  build: {
    outDir: "../dist/renderer",
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
});
