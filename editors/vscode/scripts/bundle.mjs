// Bundles src/extension.ts and vscode-languageclient into one CommonJS file,
// so the .vsix needs no node_modules.
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: ['src/extension.ts'],
  outfile: 'out/extension.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['vscode'],
  sourcemap: false,
  minify: process.env.NODE_ENV === 'production',
  logLevel: 'warning',
});
console.log('bundled out/extension.js');
