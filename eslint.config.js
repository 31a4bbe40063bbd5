// Layering (../shared/STYLE.md, README "Layout"): each top-level folder may import only the folders
// it lists below, an allow-list checked as an error. Hosts (cli, server, electron) share host/ and
// never import each other; launchers (launch/) are the one place where hosts meet. Import cycles,
// type-only ones included, are refused by `madge --circular` (.madgerc) in `npm run lint`.
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

const ENGINE = ["runtime", "protocol"];
const BELOW_HOSTS = ["nodes", "training", ...ENGINE];
const HOST_LAYER = ["host", ...BELOW_HOSTS];
const HOSTS_APART = "hosts never import each other: share the code through host/, or wire hosts together in launch/";

/** Folder → the project folders its code may import (besides itself and npm packages), and why. */
const LAYERS = {
  protocol: { allowed: [], why: "protocol/ is what the renderer shares with the hosts: it imports nothing of the project" },
  runtime: { allowed: ["protocol"], why: "the engine imports no node kind, host or UI code" },
  nodes: { allowed: ENGINE, why: "node kinds run in every host" },
  training: { allowed: ENGINE, why: "training works on arrays and models; hosts hand it the data" },
  host: { allowed: BELOW_HOSTS, why: "host/ is what every host shares: it imports no particular host" },
  cli: { allowed: HOST_LAYER, why: HOSTS_APART },
  server: { allowed: HOST_LAYER, why: HOSTS_APART },
  electron: { allowed: HOST_LAYER, why: HOSTS_APART },
  launch: { allowed: ["cli", "server", "electron", ...HOST_LAYER], why: "launchers wire hosts together; the UI is loaded as a page, never imported" },
  renderer: { allowed: ["protocol"], why: "the renderer is a web app that talks to its host through protocol/ only (Transport)" },
};

/** One zone per layer: the whole project is refused except the layer itself, what it may import, and npm packages. */
const zones = ({ withTestFixtures }) =>
  Object.entries(LAYERS).map(([layer, { allowed, why }]) => ({
    target: `./${layer}`,
    from: ".",
    except: [layer, ...allowed, "node_modules", ...(withTestFixtures ? ["test"] : [])].map((folder) => `./${folder}`),
    message: `${layer}/ may import only ${[layer, ...allowed].join(", ")}: ${why}.`,
  }));

const NO_NODE_MODULES = { patterns: [{ group: ["node:*"], message: "this code runs in a browser: no Node modules" }] };

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "runs/**", "release/**", ".venv/**", "python/build/**", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: ["tsconfig.json", "renderer/tsconfig.json"], noWarnOnMultipleProjects: true })],
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "import-x/no-restricted-paths": ["error", { zones: zones({ withTestFixtures: false }) }],
    },
  },
  // Unit tests beside their code may use the shared fixtures in test/.
  { files: ["**/*.test.ts", "**/testing/**"], rules: { "import-x/no-restricted-paths": ["error", { zones: zones({ withTestFixtures: true }) }] } },
  { files: ["renderer/**/*.ts", "renderer/**/*.tsx", "protocol/**/*.ts"], rules: { "no-restricted-imports": ["error", NO_NODE_MODULES] } },
);
