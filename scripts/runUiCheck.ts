import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { repositoryRoot, withWorkbench } from './codeServer';

const outputDir = path.join(repositoryRoot, 'test-output', 'ui');

interface Check {
	name: string;
	run(page: Page): Promise<void>;
}

/** Runs a command from the Command Palette, as a person would. */
async function runCommand(page: Page, title: string): Promise<void> {
	await page.keyboard.press('F1');
	const input = page.locator('.quick-input-widget input');
	await input.waitFor({ state: 'visible' });
	await input.fill(`>${title}`);
	await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
	await page.keyboard.press('Enter');
}

const checks: Check[] = [
	{
		name: 'the Skills view shows the library with statuses and problem counts',
		async run(page) {
			await page.locator('.activitybar a[aria-label^="Skills"], .activitybar .action-item a[aria-label^="Skills"]').first().click();
			const tree = page.locator('.pane', { hasText: 'Library' }).locator('.monaco-list-rows');
			await tree.locator('.monaco-list-row', { hasText: 'release-notes' }).waitFor({ timeout: 30_000 });
			const rows = await tree.locator('.monaco-list-row').allInnerTexts();
			const text = rows.join('\n');
			for (const expected of ['.claude/skills', '.github/skills', '.agents/skills', 'systematic-debugging', 'api-client', 'Deploy_Helper']) {
				assert.ok(text.includes(expected), `the tree shows ${expected}:\n${text}`);
			}
			assert.match(text, /release-notes\s*draft · 2 warnings, 2 info/);
		},
	},
	{
		name: 'the Problems panel lists the library\'s findings',
		async run(page) {
			await runCommand(page, 'Problems: Focus on Problems View');
			const problems = page.locator('.markers-panel');
			await problems.locator('.monaco-list-row', { hasText: 'Deploy_Helper' }).first().waitFor({ timeout: 30_000 });
			const text = (await problems.innerText()).replace(/\s+/g, ' ');
			assert.match(text, /name "Deploy_Helper" may only contain lower-case letters/);
			assert.match(text, /frontmatter opened on line 1 is never closed/);
			fs.mkdirSync(outputDir, { recursive: true });
			await page.screenshot({ path: path.join(outputDir, 'skills-view-and-problems.png') });
		},
	},
	{
		name: 'the quick-fix menu on a long code block offers "Offload to scripts/client.py"',
		async run(page) {
			await runCommand(page, 'Go to File');
			await page.keyboard.type('api-client/SKILL.md');
			await page.locator('.quick-input-list .monaco-list-row', { hasText: 'SKILL.md' }).first().waitFor();
			await page.keyboard.press('Enter');
			await page.locator('.tabs-container .tab.active', { hasText: 'SKILL.md' }).waitFor();
			await page.locator('.editor-instance .view-lines').click();
			await page.keyboard.press('Control+G');
			await page.keyboard.type('13');
			await page.keyboard.press('Enter');
			// The light bulb shows once the diagnostics are in and the fixes computed.
			await page.locator('.lightBulbWidget, .codicon-light-bulb, .codicon-lightbulb-autofix').first().waitFor({ timeout: 30_000 });
			await page.keyboard.press('Control+.');
			const menu = page.locator('.action-widget');
			await menu.locator('text=Offload to scripts/client.py').waitFor({ timeout: 15_000 });
			const text = await menu.innerText();
			assert.match(text, /Explain long-code-block/);
			fs.mkdirSync(outputDir, { recursive: true });
			await page.screenshot({ path: path.join(outputDir, 'quick-fix-offload.png') });
			await page.keyboard.press('Escape');
		},
	},
	{
		name: 'Skills: New Skill… asks for a root, a name and a description, then opens the draft',
		async run(page) {
			await runCommand(page, 'Skills: New Skill…');
			const rows = page.locator('.quick-input-list .monaco-list-row');
			await rows.first().waitFor();
			await page.locator('.quick-input-widget input').fill('.agents/skills');
			await page.keyboard.press('Enter');
			const input = page.locator('.quick-input-widget input');
			await page.locator('.quick-input-widget', { hasText: 'name' }).waitFor();
			await input.fill('Bad Name');
			await page.locator('.quick-input-message', { hasText: 'may only contain lower-case letters' }).waitFor();
			await input.fill('summarizing-incidents');
			await page.keyboard.press('Enter');
			await page.locator('.quick-input-widget', { hasText: 'description' }).waitFor();
			await input.fill('Summarizes an incident timeline for the postmortem. Use when an incident is closed.');
			await page.keyboard.press('Enter');
			const editor = page.locator('.editor-instance .view-lines');
			await editor.locator('text=summarizing-incidents').first().waitFor({ timeout: 15_000 });
			const tab = await page.locator('.tabs-container .tab.active').innerText();
			assert.match(tab, /SKILL\.md/);
			await page.screenshot({ path: path.join(outputDir, 'new-skill.png') });
		},
	},
];

/**
 * Opens the real workbench (code-server's VS Code 1.100 in Debian's Chromium) with the extension
 * loaded on a copy of the sample workspace, clicks through it as a person would, and saves
 * screenshots under test-output/ui. Its last line is `ui: N passed, N failed`.
 */
async function main(): Promise<number> {
	let passed = 0;
	let failed = 0;
	await withWorkbench({ prefix: 'skill-distiller-ui-' }, async page => {
		await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
		for (const check of checks) {
			try {
				await check.run(page);
				passed++;
				process.stdout.write(`  ✔ ${check.name}\n`);
			} catch (error) {
				failed++;
				process.stdout.write(`  ✖ ${check.name}\n    ${(error as Error).message.split('\n').join('\n    ')}\n`);
				fs.mkdirSync(outputDir, { recursive: true });
				await page.screenshot({ path: path.join(outputDir, `failed-${passed + failed}.png`) }).catch(() => undefined);
			}
		}
	});
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
