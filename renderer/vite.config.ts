import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The editor as a plain web app: `foresight serve` serves dist/renderer; everything is bundled (no CDN).
export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  plugins: [react()],
  // Monaco's workers as same-origin ES module files (a strict CSP allows them; no blob: or eval).
  worker: { format: "es" },
  build: {
    outDir: "../dist/renderer",
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
});
