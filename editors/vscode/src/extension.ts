// VS Code client of kms-policy-ls: starts the server over stdio for JSON and
// JSONC documents (the server itself decides which ones look like policies)
// and for the configured file globs, and forwards the `kmsPolicy` settings.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  DocumentSelector,
  Executable,
  LanguageClient,
  LanguageClientOptions,
  TransportKind,
} from 'vscode-languageclient/node';

const SECTION = 'kmsPolicy';
// Settings whose change needs a new process or a new document selector;
// all the others reach the running server via didChangeConfiguration.
const RESTART_ON = ['serverPath', 'fileGlobs'];

const SHOW_ACCESS = 'kmsPolicy.showAccess';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('KMS Policy');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('kmsPolicy.restartServer', () => restart(context)),
    vscode.commands.registerCommand('kmsPolicy.showOutput', () => output?.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESTART_ON.some((key) => e.affectsConfiguration(`${SECTION}.${key}`))) {
        void restart(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const command = resolveServer(context, config.get<string>('serverPath', ''));
  output?.appendLine(`starting ${command}`);
  // TransportKind.stdio makes the client add --stdio to the arguments.
  const exe: Executable = { command, transport: TransportKind.stdio };
  const options: LanguageClientOptions = {
    documentSelector: selector(config.get<string[]>('fileGlobs', [])),
    outputChannel: output,
    initializationOptions: { [SECTION]: serverSettings(config) },
    synchronize: { configurationSection: SECTION },
    middleware: {
      // The server answers kmsPolicy.showAccess (the key policy's summary
      // lens) with the access table in Markdown: show it in a preview.
      executeCommand: async (command, args, next) => {
        const result = await next(command, args);
        if (command === SHOW_ACCESS && typeof result === 'string') {
          await showMarkdown(result);
        }
        return result;
      },
    },
  };
  client = new LanguageClient('kmsPolicy', 'KMS Policy Language Server', { run: exe, debug: exe }, options);
  try {
    await client.start();
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(
      `KMS Policy: could not start ${command} (${msg}). Set kmsPolicy.serverPath to the kms-policy-ls executable.`,
    );
  }
}

// showMarkdown opens Markdown in a preview beside the policy.
async function showMarkdown(markdown: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.commands.executeCommand('markdown.showPreviewToSide', doc.uri);
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    await c.stop().catch(() => undefined);
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

// resolveServer picks the executable: the setting, then the binary packaged
// for this platform, then whatever `kms-policy-ls` is on PATH.
export function resolveServer(context: vscode.ExtensionContext, configured: string): string {
  if (configured.trim() !== '') {
    return configured.replace(/^~(?=$|[\\/])/, process.env.HOME ?? '~');
  }
  const exe = process.platform === 'win32' ? 'kms-policy-ls.exe' : 'kms-policy-ls';
  const bundled = context.asAbsolutePath(path.join('server', `${process.platform}-${process.arch}`, exe));
  if (fs.existsSync(bundled)) {
    return bundled;
  }
  return exe;
}

function selector(globs: string[]): DocumentSelector {
  const sel: vscode.DocumentFilter[] = [];
  for (const scheme of ['file', 'untitled']) {
    // Policies in JSON, and in the templates that hold them: CloudFormation
    // (yaml, or cloudformation with the CloudFormation extension) and
    // Terraform. The server says nothing about files that hold no policy.
    for (const language of ['json', 'jsonc', 'yaml', 'cloudformation', 'terraform']) {
      sel.push({ scheme, language });
    }
  }
  // Policy templates a Terraform templatefile() reads: no language of their
  // own in VS Code, so by name; the server gives them the kind of the
  // resource that reads them.
  sel.push({ scheme: 'file', pattern: '**/*.tftpl' });
  for (const pattern of globs) {
    sel.push({ scheme: 'file', pattern });
  }
  return sel as DocumentSelector;
}

// serverSettings is the part of the section the server reads; the client-only
// keys (serverPath, trace) stay out of initializationOptions.
function serverSettings(config: vscode.WorkspaceConfiguration): Record<string, unknown> {
  return {
    policyKind: config.get('policyKind'),
    account: config.get('account'),
    organization: config.get('organization'),
    disabledRules: config.get('disabledRules'),
    severity: config.get('severity'),
    fileGlobs: config.get('fileGlobs'),
  };
}
