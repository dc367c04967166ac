import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * The integration suite's entry point, loaded by VS Code's extension host (code-server offline,
 * @vscode/test-electron with internet). It runs every `*.test.js` beside it and prints one
 * machine-readable result line for the runner.
 */
export function run(): Promise<void> {
	// SKILL_DISTILLER_GREP runs only the tests whose titles match, for working on one of them.
	const mocha = new Mocha({ ui: 'tdd', timeout: 20_000, color: false, reporter: 'spec', grep: process.env.SKILL_DISTILLER_GREP || undefined });
	for (const file of fs.readdirSync(__dirname).filter(name => name.endsWith('.test.js')).sort()) {
		mocha.addFile(path.join(__dirname, file));
	}
	return new Promise((resolve, reject) => {
		const runner = mocha.run(failures => {
			console.log(`SKILL_DISTILLER_INTEGRATION ${JSON.stringify({ passed: runner.stats?.passes ?? 0, failed: failures })}`);
			if (failures > 0) {
				reject(new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed`));
			} else {
				resolve();
			}
		});
	});
}
