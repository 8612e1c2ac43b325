// Cross-compiles kms-policy-ls into server/<vscode-target>/ for each target
// given (default: the platform this runs on). A VS Code target name is
// <process.platform>-<process.arch>, which is what the extension looks for.
// usage: node scripts/build-server.mjs [linux-x64 darwin-arm64 win32-x64 ...]
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const extRoot = resolve(here, '..');
const repoRoot = resolve(extRoot, '..', '..');

const GOOS = { linux: 'linux', darwin: 'darwin', win32: 'windows', alpine: 'linux' };
const GOARCH = { x64: 'amd64', arm64: 'arm64', armhf: 'arm' };

export function hostTarget() {
  return `${process.platform}-${process.arch}`;
}

export function buildServer(target) {
  const [platform, arch] = target.split('-');
  const goos = GOOS[platform];
  const goarch = GOARCH[arch];
  if (!goos || !goarch) {
    throw new Error(`unsupported target ${target}`);
  }
  const exe = platform === 'win32' ? 'kms-policy-ls.exe' : 'kms-policy-ls';
  const out = join(extRoot, 'server', target, exe);
  mkdirSync(dirname(out), { recursive: true });
  execFileSync('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', out, './cmd/kms-policy-ls'], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, GOOS: goos, GOARCH: goarch, CGO_ENABLED: '0' },
  });
  console.log(`built ${out}`);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const targets = process.argv.slice(2);
  for (const t of targets.length ? targets : [hostTarget()]) {
    buildServer(t);
  }
}
