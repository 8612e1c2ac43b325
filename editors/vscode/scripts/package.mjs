// Builds one platform-specific .vsix per target, each carrying only its own
// server binary: dist/kms-policy-ls-<target>-<version>.vsix.
// usage: node scripts/package.mjs [targets...]   (default: this platform)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer, hostTarget } from './build-server.mjs';

const extRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { name, version } = JSON.parse(readFileSync(join(extRoot, 'package.json'), 'utf8'));
const vsce = join(extRoot, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');

const targets = process.argv.slice(2);
mkdirSync(join(extRoot, 'dist'), { recursive: true });
for (const target of targets.length ? targets : [hostTarget()]) {
  // Only this target's binary may end up in its package.
  rmSync(join(extRoot, 'server'), { recursive: true, force: true });
  buildServer(target);
  const out = join(extRoot, 'dist', `${name}-${target}-${version}.vsix`);
  // The bundle has no runtime node_modules (--no-dependencies). The project
  // license is not part of this folder, hence --skip-license.
  // README links are relative to this folder of the repository.
  const base = 'https://github.com/kms-policy-ls/kms-policy-ls/raw/HEAD/editors/vscode';
  const args = ['package', '--target', target, '--no-dependencies', '--skip-license', '--out', out];
  args.push('--baseImagesUrl', base, '--baseContentUrl', base.replace('/raw/', '/blob/'));
  execFileSync(vsce, args, {
    cwd: extRoot,
    stdio: 'inherit',
  });
  console.log(`packaged ${out}`);
}
