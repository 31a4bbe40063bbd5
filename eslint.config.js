// Layering (see ../shared/STYLE.md): hosts (cli, electron, server) → runtime + nodes → shared types;
// the renderer imports only itself and protocol/.
// An upward import is an error, not a warning.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const layer = (files, forbidden, why, extraPatterns = []) => ({
  files,
  rules: {
    "no-restricted-imports": [
      "error",
      { patterns: [...forbidden.map((folder) => ({ group: [`**/${folder}/*`, `**/${folder}`], message: why })), ...extraPatterns] },
    ],
  },
});

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "runs/**", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  layer(["runtime/**/*.ts"], ["nodes", "cli", "renderer", "electron"], "the engine imports no node kind, host or UI code"),
  layer(["nodes/**/*.ts"], ["cli", "renderer", "electron"], "node kinds run in every host; they import only runtime/"),
  layer(["training/**/*.ts"], ["nodes", "cli", "renderer", "electron"], "training works on arrays and models; hosts hand it the data"),
  layer(["host/**/*.ts"], ["cli", "renderer", "electron"], "host/ is what every host shares (the worker run); it imports no particular host"),
  layer(["cli/**/*.ts"], ["renderer", "electron"], "the CLI is a plain-Node host"),
  layer(["server/**/*.ts"], ["cli", "renderer", "electron"], "server/ is the `foresight serve` host; the CLI only starts it"),
  layer(["electron/**/*.ts", "electron/**/*.cts"], ["renderer"], "the desktop app's main process hosts the renderer through protocol/ (the preload bridge), never imports it"),
  layer(
    ["renderer/**/*.ts", "renderer/**/*.tsx"],
    ["runtime", "nodes", "host", "training", "cli", "server", "electron", "bench", "test"],
    "the renderer is a web app that talks to its host through protocol/ only (Transport)",
    [{ group: ["node:*"], message: "the renderer runs in a browser: no Node modules" }],
  ),
  layer(
    ["protocol/**/*.ts"],
    ["runtime", "nodes", "host", "training", "cli", "server", "renderer", "electron", "bench"],
    "protocol/ is what the renderer shares with the hosts: it imports nothing of the project but itself",
    [{ group: ["node:*"], message: "protocol/ runs in the browser too: no Node modules" }],
  ),
);
