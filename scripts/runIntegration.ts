import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { extensionHostLine, withWorkbench } from './codeServer';
import { repositoryRoot } from './repository';

/**
 * Runs the integration suite (test/integration, bundled to out/test/integration) inside the real
 * VS Code extension host: code-server's VS Code 1.100, driven by Debian's Chromium. Its last line
 * is `integration: N passed, N failed`. Exit code 0 when everything passed.
 */
async function main(): Promise<number> {
	let result = { passed: 0, failed: 0 };
	let finished: Promise<number> = Promise.resolve(1);
	const beforeOpening = async (page: Page) => {
		// VS Code reports the suite's end through this function; it must exist before the page loads.
		finished = new Promise<number>(resolve => {
			void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
		});
		page.on('console', message => {
			void extensionHostLine(message).then(text => {
				const summary = /SKILL_DISTILLER_INTEGRATION (\{.*\})/.exec(text);
				if (summary) {
					result = JSON.parse(summary[1]) as typeof result;
				} else if (text) {
					process.stdout.write(text + '\n');
				}
			});
		});
	};
	const extensionTestsPath = path.join(repositoryRoot, 'out', 'test', 'integration', 'index.js');
	const exitCode = await withWorkbench({ prefix: 'skill-distiller-integration-', extensionTestsPath, beforeOpening }, async () => {
		const code = await Promise.race([finished, new Promise<number>(resolve => setTimeout(() => resolve(124), 10 * 60_000).unref())]);
		if (code === 124) {
			process.stdout.write('The integration suite did not finish within 10 minutes.\n');
		}
		return code;
	});
	process.stdout.write(`integration: ${result.passed} passed, ${result.failed} failed\n`);
	return exitCode === 0 && result.failed === 0 && result.passed > 0 ? 0 : 1;
}

main().then(code => {
	process.exitCode = code;
}, error => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.stdout.write('integration: 0 passed, 0 failed\n');
	process.exitCode = 1;
});
