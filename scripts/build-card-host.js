// Bundles the contact card for the sandbox's record page (test/browser/card-host): the card's own code, with
// @hubspot/ui-extensions drawn as plain DOM. HubSpot bundles the real card itself at `hs project upload`.
const path = require('node:path');
const { build } = require('esbuild');

const root = path.resolve(__dirname, '..');
build({
  entryPoints: [path.join(root, 'test/browser/card-host/card-host-entry.tsx')],
  outfile: path.join(root, 'dist/card-host/card.js'),
  bundle: true,
  format: 'iife',
  jsx: 'automatic',
  target: 'es2022',
  alias: { '@hubspot/ui-extensions': path.join(root, 'test/browser/card-host/ui-extensions-dom.tsx') },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
}).catch(() => process.exit(1));
