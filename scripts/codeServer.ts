import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium, type ConsoleMessage, type Page } from 'playwright-core';
import { repositoryRoot } from './repository';
import { buildSampleWorkspace } from './sampleWorkspace';

/**
 * The real VS Code this project runs in where VS Code desktop cannot be downloaded: code-server
 * 4.100.3 ships VS Code 1.100.3 and runs on Node 20 (README, "Development").
 */
export const codeServerVersion = '4.100.3';


/** Native packages of code-server whose install scripts must run (npm 11 skips unapproved ones). */
const approvedInstallScripts = ['code-server', '@vscode/ripgrep', 'node-pty', 'kerberos', '@parcel/watcher', 'argon2', '@vscode/spdlog', '@vscode/sqlite3', '@vscode/windows-registry', '@vscode/deviceid', '@vscode/native-watchdog', 'native-watchdog'];

function codeServerBinary(dir: string): string {
	return path.join(dir, 'node_modules', '.bin', 'code-server');
}

/**
 * Installs code-server into `.vscode-test/` (git-ignored) unless it is there already, and returns
 * its executable. ripgrep's install script would download a binary from GitHub; it is given
 * Debian's `rg` through the cache archive it looks for first.
 */
export function ensureCodeServer(log: (line: string) => void = line => process.stderr.write(line + '\n')): string {
	const dir = path.join(repositoryRoot, '.vscode-test', `code-server-${codeServerVersion}`);
	const binary = codeServerBinary(dir);
	if (fs.existsSync(binary)) {
		return binary;
	}
	let ripgrep: string;
	try {
		ripgrep = execFileSync('which', ['rg'], { encoding: 'utf8' }).trim();
	} catch {
		throw new Error('ripgrep is missing: install the Debian package `ripgrep` (code-server needs `rg`).');
	}
	const cache = path.join(process.env.TMPDIR || os.tmpdir(), 'vscode-ripgrep-cache-1.15.11');
	const archive = path.join(cache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
	if (!fs.existsSync(archive)) {
		fs.mkdirSync(cache, { recursive: true });
		const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-'));
		fs.copyFileSync(ripgrep, path.join(staging, 'rg'));
		execFileSync('tar', ['czf', archive, '-C', staging, 'rg']);
	}
	log(`Installing code-server ${codeServerVersion} (VS Code 1.100.3) into ${path.relative(repositoryRoot, dir)} — about a minute, once…`);
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
		name: 'code-server-for-skill-distiller', private: true,
		allowScripts: Object.fromEntries(approvedInstallScripts.map(name => [name, true])),
	}, null, 2));
	execFileSync('npm', ['install', '--no-audit', '--no-fund', `code-server@${codeServerVersion}`], {
		cwd: dir,
		stdio: ['ignore', 'ignore', 'inherit'],
		// node-pty's install script runs `npx node-gyp`, which waits for a "yes" no terminal will give.
		env: { ...process.env, npm_config_yes: 'true', npm_config_unsafe_perm: 'true' },
	});
	if (!fs.existsSync(binary)) {
		throw new Error(`code-server did not install into ${dir}`);
	}
	return binary;
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address() as net.AddressInfo;
			server.close(() => resolve(address.port));
		});
	});
}

export interface RunningCodeServer {
	port: number;
	origin: string;
	process: ChildProcess;
	stop(): Promise<void>;
}

/** Starts code-server on 127.0.0.1 with its own user data and extensions folders, and waits until it answers. */
export async function startCodeServer(options: { dataDir: string; port?: number; log?: (line: string) => void; settings?: Record<string, unknown>; env?: Record<string, string>; askForTrust?: boolean }): Promise<RunningCodeServer> {
	const binary = ensureCodeServer(options.log);
	const port = options.port ?? await freePort();
	const userData = path.join(options.dataDir, 'user-data');
	fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
	fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
		'workbench.startupEditor': 'none',
		'workbench.tips.enabled': false,
		'extensions.autoCheckUpdates': false,
		'extensions.autoUpdate': false,
		'telemetry.telemetryLevel': 'off',
		...options.settings,
	}, null, 2));
	const child = spawn(binary, [
		'--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
		...(options.askForTrust ? [] : ['--disable-workspace-trust']), '--user-data-dir', userData, '--extensions-dir', path.join(options.dataDir, 'extensions'),
	], { stdio: ['ignore', 'pipe', 'pipe'], detached: false, env: { ...process.env, ...options.env } });
	const output: string[] = [];
	child.stdout?.on('data', chunk => output.push(String(chunk)));
	child.stderr?.on('data', chunk => output.push(String(chunk)));
	const origin = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) {
			throw new Error(`code-server exited (${child.exitCode}):\n${output.join('')}`);
		}
		try {
			const response = await fetch(`${origin}/healthz`);
			if (response.ok) {
				break;
			}
		} catch {
			// Not listening yet.
		}
		await new Promise(resolve => setTimeout(resolve, 250));
	}
	return {
		port,
		origin,
		process: child,
		stop: () => new Promise<void>(resolve => {
			if (child.exitCode !== null) {
				resolve();
				return;
			}
			child.once('exit', () => resolve());
			child.kill('SIGTERM');
			setTimeout(() => child.kill('SIGKILL'), 5000).unref();
		}),
	};
}

/**
 * Installs this repository in code-server's extensions folder as a link, so the product runs as a
 * person's installed extension (no "[Extension Development Host]" in the title), its code the
 * repository's build.
 */
export function linkExtension(dataDir: string): void {
	const manifest = JSON.parse(fs.readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
	const extensions = path.join(dataDir, 'extensions');
	fs.mkdirSync(extensions, { recursive: true });
	const prefix = `${manifest.publisher}.${manifest.name}-`;
	// A link left by an earlier version would load the extension twice.
	for (const entry of fs.readdirSync(extensions).filter(name => name.startsWith(prefix))) {
		fs.rmSync(path.join(extensions, entry), { recursive: true, force: true });
	}
	fs.symlinkSync(repositoryRoot, path.join(extensions, `${prefix}${manifest.version}`));
	// VS Code lists installed extensions in extensions.json once it has one; without it, it reads the folder (and writes the list again).
	fs.rmSync(path.join(extensions, 'extensions.json'), { force: true });
}

/** The workbench URL that opens a folder: as it is, or with this repository loaded as an extension under development (the tests). */
export function workbenchUrl(server: RunningCodeServer, folder: string, extensionTestsPath?: string, development = true): string {
	if (!development) {
		return `${server.origin}/?folder=${encodeURIComponent(folder)}`;
	}
	const remote = (file: string) => `vscode-remote://127.0.0.1:${server.port}${file}`;
	const payload: [string, string][] = [['extensionDevelopmentPath', remote(repositoryRoot)]];
	if (extensionTestsPath) {
		payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
	}
	return `${server.origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Debian's Chromium with the flags this machine's closed network needs (no background connections). */
export const chromiumLaunchOptions = {
	executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
};

/** A fresh copy of the sample workspace in a temporary folder, so a run never edits the committed files. */
export function sampleWorkspaceCopy(prefix: string): string {
	return buildSampleWorkspace(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/**
 * Where the agents keep their sessions, for a workbench that must not read the real ones: every
 * agent's home inside `dir` (the extension host inherits these variables from code-server).
 */
export function agentHomeEnvironment(dir: string): Record<string, string> {
	return { CLAUDE_CONFIG_DIR: path.join(dir, '.claude'), CODEX_HOME: path.join(dir, '.codex'), COPILOT_HOME: path.join(dir, '.copilot') };
}

/**
 * What the extension host printed, as it printed it. VS Code forwards `console.log(format,
 * ...args)` as `'%c INFO', 'color: …', format, ...args`; the workbench's own chatter is dropped.
 */
export async function extensionHostLine(message: ConsoleMessage): Promise<string> {
	const args = await Promise.all(message.args().map(arg => arg.jsonValue().catch(() => '')));
	if (typeof args[0] !== 'string' || !/^%c\s*(?:INFO|ERR|WARN|LOG)/.test(args[0])) {
		return '';
	}
	return format(...(args.slice(2) as unknown[]));
}

interface WorkbenchOptions {
	prefix: string;
	extensionTestsPath?: string;
	beforeOpening?: (page: Page) => Promise<void>;
	beforeStarting?: (workspace: string, env: Record<string, string>) => void;
	askForTrust?: boolean;
	/** A folder to open as it is (and leave in place) instead of a fresh copy of the sample workspace. */
	workspace?: string;
	/** User settings over the defaults `startCodeServer` writes. */
	settings?: Record<string, unknown>;
	/** More environment for code-server and its extension host. */
	env?: Record<string, string>;
	/**
	 * A data folder to use and keep instead of a fresh one: a second start on it finds what the
	 * first left (the extension's storage, its analysis cache).
	 */
	dataDir?: string;
	/** The port to serve on instead of a free one: the workbench names a folder's storage by its address, port included. */
	port?: number;
}

/**
 * Opens the real workbench in Chromium on a fresh copy of the sample library (or on
 * `options.workspace`), with this repository loaded as the extension under development (and
 * `extensionTestsPath` run, if given), hands the page to `use`, and cleans everything up
 * afterwards. The agents' session folders are empty temporary ones, so no run reads the
 * sessions of the person running it.
 */
export async function withWorkbench<T>(options: WorkbenchOptions, use: (page: Page) => Promise<T>): Promise<T> {
	const workspace = options.workspace ?? sampleWorkspaceCopy(options.prefix);
	const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'skill-distiller-vscode-'));
	fs.mkdirSync(dataDir, { recursive: true });
	const env = { ...agentHomeEnvironment(path.join(dataDir, 'agent-home')), ...options.env };
	options.beforeStarting?.(workspace, env);
	const server = await startCodeServer({ dataDir, env, askForTrust: options.askForTrust, settings: options.settings, port: options.port });
	const browser = await chromium.launch(chromiumLaunchOptions);
	try {
		const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
		await options.beforeOpening?.(page);
		await page.goto(workbenchUrl(server, workspace, options.extensionTestsPath));
		return await use(page);
	} finally {
		await browser.close();
		await server.stop();
		// The extension's library process may still be writing its cache into the workbench's storage as it ends: removal is tried again a few times.
		const removal = { recursive: true, force: true, maxRetries: 5, retryDelay: 200 };
		if (!options.workspace) {
			fs.rmSync(workspace, removal);
		}
		if (!options.dataDir) {
			fs.rmSync(dataDir, removal);
		}
	}
}
