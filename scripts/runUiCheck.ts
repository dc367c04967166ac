import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { writeProposal } from '../src/core/distil/proposalStore';
import { repositoryRoot, withWorkbench } from './codeServer';
import { writeDemoSessions } from './demoSessions';

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

/** The review panel's page: VS Code nests a webview's content in two frames. */
function reviewFrame(page: Page): FrameLocator {
	return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

async function screenshot(page: Page, name: string): Promise<void> {
	fs.mkdirSync(outputDir, { recursive: true });
	await page.screenshot({ path: path.join(outputDir, name) });
}

/** A proposal whose every text tries to run code, to show the panel renders it as text. */
function stageHostileProposal(workspace: string): void {
	writeProposal(path.join(workspace, '.skills-proposed'), {
		action: 'create', name: 'rendering-untrusted-text', target: null,
		session: { agent: 'claude-code', id: '00000000-0000-4000-8000-00000000beef', path: '/nowhere/session.jsonl' },
		triggers: [{ kind: 'user-correction', summary: '<script>alert("summary")</script>', evidence: [{ line: 1, quote: '<img src=x onerror=alert(1)>' }] }],
		created: '2026-11-19T08:00:00.000Z', reason: '<b>not bold</b>', checks: [],
	}, [
		'---', 'name: rendering-untrusted-text', 'description: Use when a proposal holds markup.', 'status: draft', 'priority: high', 'created_from: a test', '---', '',
		'# Untrusted', '', '<script>document.body.dataset.pwned = "yes"</script>', '', '<img src=x onerror="document.body.dataset.pwned = \'yes\'">', '',
		'[run me](javascript:document.body.dataset.pwned="yes")', '',
	].join('\n'));
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
			// The fixes are there once the diagnostics are in; the menu is asked for again (the cursor
			// nudged) until they are, as a person would press Ctrl+. again.
			const menu = page.locator('.action-widget');
			for (let attempt = 1; ; attempt++) {
				await page.keyboard.press('Control+.');
				const shown = await menu.locator('text=Offload to scripts/client.py').waitFor({ timeout: 10_000 }).then(() => true, () => false);
				if (shown) {
					break;
				}
				assert.ok(attempt < 4, 'the quick-fix menu never offered "Offload to scripts/client.py"');
				await page.keyboard.press('Escape');
				await page.keyboard.press('ArrowDown');
				await page.keyboard.press('ArrowUp');
			}
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
	{
		name: 'Skills: Distil This Session… lists the workspace\'s sessions, newest first, and distils the one picked',
		async run(page) {
			// The Problems panel would cover half of the screenshots that follow.
			await runCommand(page, 'View: Hide Panel');
			await page.mouse.move(700, 300);
			await runCommand(page, 'Skills: Distil This Session…');
			const rows = page.locator('.quick-input-list .monaco-list-row');
			await rows.first().waitFor({ timeout: 15_000 });
			const texts = await rows.allInnerTexts();
			assert.match(texts[0], /The release-notes skill fails on the new changelog[\s\S]*Claude Code/);
			assert.match(texts[1], /Which skills in this repository deal with testing\?/);
			await screenshot(page, 'distil-session-picker.png');
			await page.keyboard.press('Enter');
			await page.locator('.notification-toast', { hasText: 'Proposed a new skill, fixing-generator-release-notes' }).waitFor({ timeout: 30_000 });
			const proposals = page.locator('.pane', { hasText: 'Proposals' }).locator('.monaco-list-rows');
			await proposals.locator('.monaco-list-row', { hasText: 'fixing-generator-release-notes' }).waitFor();
			await screenshot(page, 'distil-proposal.png');
		},
	},
	{
		name: 'the review panel walks through the proposal (evidence, draft, checks, decide) and accepts it as a draft',
		async run(page) {
			await page.locator('.notification-toast .codicon-notifications-clear, .notification-toast .codicon-close').first().click().catch(() => undefined);
			await runCommand(page, 'Skills: Review Proposals');
			const frame = reviewFrame(page);
			await frame.locator('h1', { hasText: 'fixing-generator-release-notes' }).waitFor({ timeout: 30_000 });
			await frame.locator('.trigger', { hasText: 'repeated-error' }).waitFor();
			assert.match(await frame.locator('.step-panel').innerText(), /Error: ENOENT: no such file or directory, open 'CHANGELOG\.md'/);
			await screenshot(page, 'review-1-evidence.png');
			// The keyboard moves between steps: 2 is the draft.
			await frame.locator('#tab-evidence').focus();
			await page.keyboard.press('ArrowRight');
			await frame.locator('.markdown h1', { hasText: 'Fixing Generator Release Notes' }).waitFor();
			await screenshot(page, 'review-2-draft.png');
			await page.keyboard.press('ArrowRight');
			await frame.locator('#tab-checks[aria-selected="true"]').waitFor();
			await screenshot(page, 'review-3-checks.png');
			await page.keyboard.press('ArrowRight');
			await frame.locator('#accept').waitFor();
			const roots = await frame.locator('#root option').allInnerTexts();
			await frame.locator('#root').selectOption({ index: roots.findIndex(label => label.startsWith('.claude/skills')) });
			await screenshot(page, 'review-4-decide.png');
			await frame.locator('#accept').click();
			await frame.locator('#status', { hasText: 'fixing-generator-release-notes is in the library as a draft' }).waitFor({ timeout: 15_000 });
			await screenshot(page, 'review-5-accepted.png');
			const library = page.locator('.pane', { hasText: 'Library' }).locator('.monaco-list-rows');
			await library.locator('.monaco-list-row', { hasText: 'fixing-generator-release-notes' }).waitFor({ timeout: 15_000 });
		},
	},
	{
		name: 'the panel shows a proposal\'s markup as text and runs none of it',
		async run(page) {
			const frame = reviewFrame(page);
			await frame.locator('.proposal', { hasText: 'rendering-untrusted-text' }).click();
			await frame.locator('h1', { hasText: 'rendering-untrusted-text' }).waitFor();
			assert.match(await frame.locator('.trigger').innerText(), /<script>alert\("summary"\)<\/script>[\s\S]*<img src=x onerror=alert\(1\)>/);
			await frame.locator('#tab-draft').click();
			const markdown = frame.locator('.markdown');
			await markdown.waitFor();
			assert.match(await markdown.innerText(), /<script>document\.body\.dataset\.pwned = "yes"<\/script>/);
			assert.equal(await markdown.locator('script, img, a[href^="javascript"]').count(), 0);
			assert.equal(await frame.locator('body').getAttribute('data-pwned'), null);
		},
	},
	{
		name: 'the review panel survives a window reload',
		async run(page) {
			// Reload Window shuts the workbench down properly, so it saves which editors were open.
			await runCommand(page, 'Developer: Reload Window');
			await page.waitForEvent('load', { timeout: 60_000 });
			await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
			await reviewFrame(page).locator('h1', { hasText: 'rendering-untrusted-text' }).waitFor({ timeout: 60_000 });
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
	// Screenshots of an earlier run must not pass for this one's.
	fs.rmSync(outputDir, { recursive: true, force: true });
	const beforeStarting = (workspace: string, env: Record<string, string>) => {
		writeDemoSessions(env.CLAUDE_CONFIG_DIR, workspace);
		stageHostileProposal(workspace);
	};
	await withWorkbench({ prefix: 'skill-distiller-ui-', beforeStarting }, async page => {
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
	// Workspace trust is asked for here, and refused: the panel must change nothing.
	await withWorkbench({ prefix: 'skill-distiller-untrusted-', askForTrust: true }, async page => {
		const name = 'in an untrusted workspace the review panel is read-only';
		try {
			await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
			await page.getByRole('button', { name: /No, I don.t trust the authors/ }).click({ timeout: 30_000 });
			await runCommand(page, 'Skills: Review Proposals');
			const frame = reviewFrame(page);
			await frame.locator('.banner', { hasText: 'Untrusted workspace: read-only.' }).waitFor({ timeout: 30_000 });
			await frame.locator('#tab-decide').click();
			await frame.locator('.banner.error', { hasText: 'This workspace is not trusted: the panel is read-only.' }).waitFor();
			assert.equal(await frame.locator('#accept').isDisabled(), true);
			assert.equal(await frame.locator('#reason').isDisabled(), true);
			await screenshot(page, 'review-untrusted.png');
			passed++;
			process.stdout.write(`  ✔ ${name}\n`);
		} catch (error) {
			failed++;
			process.stdout.write(`  ✖ ${name}\n    ${(error as Error).message.split('\n').join('\n    ')}\n`);
			await screenshot(page, `failed-${passed + failed}.png`).catch(() => undefined);
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
