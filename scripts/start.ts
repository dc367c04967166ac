import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { agentHomeEnvironment, linkExtension, startCodeServer, workbenchUrl } from './codeServer';
import { writeDemoSessions } from './demoSessions';
import { repositoryRoot } from './repository';
import { buildSampleWorkspace } from './sampleWorkspace';

/**
 * `npm start`: runs the product in a real VS Code (code-server's VS Code 1.100, installed into
 * .vscode-test/ on first use) on 127.0.0.1, with the extension installed (a link to this
 * repository's build, so no "[Extension Development Host]" in the title) on a copy of the sample
 * library and two sample agent sessions to distil, and prints the address to open. Stops on
 * Ctrl+C. `--real-sessions` reads the agents' own folders (~/.claude, ~/.codex…) instead.
 */
async function main(): Promise<void> {
	const { values } = parseArgs({ options: { 'port': { type: 'string', default: '8080' }, 'reset': { type: 'boolean', default: false }, 'real-sessions': { type: 'boolean', default: false } } });
	// Outside the repository: inside it, VS Code's Git asks about "a repository in the parent folders" on every load.
	const workspace = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'skill-distiller', 'sample-workspace');
	if (values.reset || !fs.existsSync(workspace)) {
		buildSampleWorkspace(workspace);
	}
	const dataDir = path.join(repositoryRoot, '.cache', 'code-server-data');
	const env = values['real-sessions'] ? {} : agentHomeEnvironment(path.join(dataDir, 'agent-home'));
	if (env.CLAUDE_CONFIG_DIR) {
		writeDemoSessions(env.CLAUDE_CONFIG_DIR, workspace);
	}
	linkExtension(dataDir);
	const server = await startCodeServer({ dataDir, port: Number(values.port), env });
	process.stdout.write([
		'',
		'Skill Distiller is running in VS Code 1.100 (code-server) with the sample library:',
		'',
		`  ${workbenchUrl(server, workspace, undefined, false)}`,
		'',
		`Open that address in a browser (from another machine, forward port ${server.port} first: ssh -L ${server.port}:127.0.0.1:${server.port} …).`,
		`The sample library is a copy in ${workspace}; \`npm start -- --reset\` restores it. Ctrl+C stops.`,
		values['real-sessions'] ? 'Skills: Distil This Session… lists your own agent sessions of that folder.' : 'Skills: Distil This Session… offers two sample Claude Code sessions (`npm start -- --real-sessions` reads your own).',
		'',
	].join('\n'));
	const stop = () => {
		void server.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	await new Promise<void>(resolve => server.process.once('exit', () => resolve()));
}

main().catch(error => {
	process.stderr.write(`${(error as Error).message}\n`);
	process.exitCode = 1;
});
