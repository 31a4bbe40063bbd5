#!/usr/bin/env node
// The TypeScript sources are compiled to dist/, and the command bundled into dist/cli-bundle/, by `npm install` (the "prepare" script: npm run build; tools/bundle-cli.ts).
import "../dist/cli-bundle/foresight.js";
