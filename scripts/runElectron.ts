import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { agentHomeEnvironment, sampleWorkspaceCopy } from './codeServer';
import { repositoryRoot } from './repository';

/**
 * `npm run test:electron`: the same integration suite in VS Code desktop, downloaded by
 * @vscode/test-electron (which needs internet; offline, use `npm run test:integration`).
 */
async function main(): Promise<void> {
	const workspace = sampleWorkspaceCopy('skill-distiller-electron-');
	const agentHome = fs.mkdtempSync(path.join(os.tmpdir(), 'skill-distiller-agent-home-'));
	try {
		await runTests({
			version: '1.100.3',
			extensionDevelopmentPath: repositoryRoot,
			extensionTestsPath: path.join(repositoryRoot, 'out', 'test', 'integration', 'index.js'),
			extensionTestsEnv: agentHomeEnvironment(agentHome),
			launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
		});
	} finally {
		fs.rmSync(workspace, { recursive: true, force: true });
		fs.rmSync(agentHome, { recursive: true, force: true });
	}
}

main().catch(error => {
	process.stderr.write(`${(error as Error).message}\n`);
	process.exitCode = 1;
});
