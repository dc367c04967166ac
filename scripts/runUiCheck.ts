import * as fs from 'node:fs';
import * as path from 'node:path';
import { actionSuite } from '../test/ui/actionChecks';
import { editorSuite } from '../test/ui/editorChecks';
import { everydaySuite } from '../test/ui/everydayChecks';
import { librarySuite } from '../test/ui/libraryChecks';
import { reviewSuite } from '../test/ui/reviewChecks';
import { themeSuite } from '../test/ui/themeChecks';
import { untrustedSuite } from '../test/ui/untrustedChecks';
import { outputDir, screenshot, type UiSuite } from '../test/ui/workbench';
import { withWorkbench } from './codeServer';
import { repositoryRoot } from './repository';

/** The workbenches to open and the suites each runs, in order. */
const runs: { prefix: string; askForTrust?: boolean; suites: UiSuite[] }[] = [
	{ prefix: 'skill-distiller-ui-', suites: [librarySuite, actionSuite, editorSuite, reviewSuite, everydaySuite, themeSuite] },
	{ prefix: 'skill-distiller-untrusted-', askForTrust: true, suites: [untrustedSuite] },
];

/**
 * Opens the real workbench (code-server's VS Code 1.100 in Debian's Chromium) with the extension
 * loaded on a copy of the sample workspace and runs the UI checks of test/ui in it, as a person
 * would click through, saving screenshots under test-output/ui. Its last line is
 * `ui: N passed, N failed`. `SKILL_DISTILLER_UI_GREP=<pattern>` runs only the checks whose names
 * match (a check may rely on where an earlier one left the workbench).
 */
async function main(): Promise<number> {
	let passed = 0;
	let failed = 0;
	const grep = process.env.SKILL_DISTILLER_UI_GREP ? new RegExp(process.env.SKILL_DISTILLER_UI_GREP) : undefined;
	// Screenshots of an earlier run must not pass for this one's.
	fs.rmSync(outputDir, { recursive: true, force: true });
	for (const run of runs) {
		const checks = run.suites.flatMap(suite => suite.checks).filter(check => !grep || grep.test(check.name));
		if (checks.length === 0) {
			continue;
		}
		const beforeStarting = (workspace: string, env: Record<string, string>) => run.suites.forEach(suite => suite.prepare?.(workspace, env));
		await withWorkbench({ prefix: run.prefix, askForTrust: run.askForTrust, beforeStarting }, async page => {
			await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
			for (const check of checks) {
				try {
					await check.run(page);
					passed++;
					process.stdout.write(`  ✔ ${check.name}\n`);
				} catch (error) {
					failed++;
					process.stdout.write(`  ✖ ${check.name}\n    ${(error as Error).message.split('\n').join('\n    ')}\n`);
					await screenshot(page, `failed-${passed + failed}.png`).catch(() => undefined);
				}
			}
		});
	}
	process.stdout.write(`Screenshots: ${path.relative(repositoryRoot, outputDir)}\nui: ${passed} passed, ${failed} failed\n`);
	return failed === 0 ? 0 : 1;
}

main().then(code => {
	process.exitCode = code;
}, error => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.stdout.write('ui: 0 passed, 1 failed\n');
	process.exitCode = 1;
});
