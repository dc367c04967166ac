/// <reference lib="dom" />
// The checks measure the pages they drive: their functions run in the browser.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { writeDemoSessions } from '../../scripts/demoSessions';
import { writeProposal } from '../../src/core/distil/proposalStore';
import { closeTab, markdownPreviewFrame, reviewFrame, runCommand, screenshot, type UiSuite } from './workbench';

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

/** The workspace copy the workbench has open, known once the suite is prepared. */
let workspaceCopy = '';

/** The review panel's page measured: its width, how wide its content is, and where its tabs and first quote end. */
async function panelLayout(page: Page) {
	return reviewFrame(page).locator('body').evaluate(() => {
		const rect = (element: Element | null) => element?.getBoundingClientRect();
		return {
			width: document.documentElement.clientWidth,
			scrollWidth: document.documentElement.scrollWidth,
			tabsRight: Math.max(...Array.from(document.querySelectorAll('.step'), tab => tab.getBoundingClientRect().right)),
			quoteWidth: rect(document.querySelector('.evidence q'))?.width ?? 0,
		};
	});
}

/** From a session to a skill: distilling a sample session, reviewing the proposal, merging it; a hostile proposal; a reload. */
export const reviewSuite: UiSuite = {
	prepare(workspace, agentHomes) {
		workspaceCopy = workspace;
		writeDemoSessions(agentHomes.CLAUDE_CONFIG_DIR, workspace);
		stageHostileProposal(workspace);
	},
	checks: [
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
				// The sample library has a release-notes skill: the lessons of the session go into it.
				await page.locator('.notification-toast', { hasText: 'Proposed an update of release-notes' }).waitFor({ timeout: 30_000 });
				const proposals = page.locator('.pane', { hasText: 'Proposals' }).locator('.monaco-list-rows');
				await proposals.locator('.monaco-list-row', { hasText: 'update → release-notes' }).waitFor();
				await screenshot(page, 'distil-proposal.png');
			},
		},
		{
			name: 'Open in transcript shows the session rendered and read-only around the cited line, beside the panel',
			async run(page) {
				await page.locator('.notification-toast .codicon-notifications-clear, .notification-toast .codicon-close').first().click().catch(() => undefined);
				await runCommand(page, 'Skills: Review Proposals');
				const frame = reviewFrame(page);
				const episode = frame.locator('.episode', { hasText: 'npm run release-notes' });
				await episode.waitFor({ timeout: 30_000 });
				await episode.locator('li', { hasText: 'line 3' }).first().getByRole('button', { name: 'Open in transcript' }).click();
				await page.locator('.tabs-container .tab', { hasText: /Preview .*line 3/ }).waitFor({ timeout: 15_000 });
				const preview = markdownPreviewFrame(page);
				const cited = preview.locator('h2', { hasText: 'Cited: line 3' });
				await cited.waitFor({ timeout: 15_000 });
				const text = await preview.locator('body').innerText();
				assert.match(text, /line 1 · Person\s+The release-notes skill fails on the new changelog/);
				assert.match(text, /Cited: line 3 · Tool result: failed \(exit 1\)\s+Exit code 1\s+Error: ENOENT: no such file or directory, open 'CHANGELOG\.md'/);
				assert.match(text, /line 10 · Agent\s+The script reads CHANGELOG\.md from the current folder/);
				assert.doesNotMatch(text, /"type":"user"|"message":\{/, 'no raw JSON record');
				await screenshot(page, 'review-transcript.png');
				// The raw file stays one click away.
				await episode.locator('li', { hasText: 'line 3' }).first().getByRole('button', { name: 'Raw' }).click();
				await page.locator('.tabs-container .tab.active', { hasText: '7d3e9a41' }).filter({ hasNotText: 'Preview' }).waitFor({ timeout: 15_000 });
				await closeTab(page, '7d3e9a41-5b2c-4f18-9e07-2c6a1b8d4f30.jsonl');
			},
		},
		{
			name: 'the review panel reads well 360 px wide, beside the transcript: tabs wrap, nothing scrolls sideways, quotes wrap normally',
			async run(page) {
				await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
				const full = page.viewportSize() ?? { width: 1400, height: 900 };
				try {
					let layout = await panelLayout(page);
					// The workbench's own widths decide the panel's: the window is narrowed until the panel is 360 px.
					for (let attempt = 0; attempt < 4 && Math.abs(layout.width - 360) > 4; attempt++) {
						const viewport = page.viewportSize() ?? full;
						await page.setViewportSize({ width: Math.max(500, viewport.width + 2 * (360 - layout.width)), height: viewport.height });
						await page.waitForTimeout(500);
						layout = await panelLayout(page);
					}
					assert.ok(Math.abs(layout.width - 360) <= 4, `the panel is ${layout.width} px wide`);
					assert.ok(layout.scrollWidth <= layout.width, `no horizontal scrollbar: content ${layout.scrollWidth} px in ${layout.width} px`);
					assert.ok(layout.tabsRight <= layout.width, `every tab is visible: the last ends at ${layout.tabsRight} px`);
					assert.ok(layout.quoteWidth >= 200, `a quote wraps at words, not one character per line: ${layout.quoteWidth} px wide`);
					await screenshot(page, 'review-narrow-360.png');
					await reviewFrame(page).locator('#tab-decide').click();
					const decide = await panelLayout(page);
					assert.ok(decide.scrollWidth <= decide.width, `the Decide step fits too: ${decide.scrollWidth} px in ${decide.width} px`);
					await reviewFrame(page).locator('#tab-evidence').click();
					// A trigger's tag stays whole beside a summary too long for the line.
					await reviewFrame(page).locator('.proposal', { hasText: 'rendering-untrusted-text' }).click();
					const tag = reviewFrame(page).locator('.trigger code.kind', { hasText: 'user-correction' });
					await tag.waitFor();
					assert.equal(await tag.evaluate(element => element.getClientRects().length), 1, 'user-correction is on one line');
					await reviewFrame(page).locator('.proposal', { hasText: 'release-notes' }).click();
					await reviewFrame(page).locator('h1', { hasText: 'release-notes' }).waitFor();
				} finally {
					await page.setViewportSize(full);
					await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
					await closeTab(page, 'Preview');
				}
			},
		},
		{
			name: 'the review panel walks through the proposal (the episode as evidence, the diff, checks, decide) and merges it',
			async run(page) {
				await runCommand(page, 'Skills: Review Proposals');
				const frame = reviewFrame(page);
				await frame.locator('h1', { hasText: 'release-notes' }).waitFor({ timeout: 30_000 });
				// The Evidence step tells the episode: the failing check, its symptom, and what the person said about the way past it.
				const episode = frame.locator('.episode', { hasText: 'npm run release-notes' });
				await episode.waitFor();
				const told = await episode.innerText();
				assert.match(told, /failed, then passed/);
				assert.match(told, /Symptom\s+line 3\s+Error: ENOENT: no such file or directory, open 'CHANGELOG\.md'/);
				// The person's words stand beside the way past it they rejected, told once.
				assert.match(told, /The person rejected a way past it\s+line 13\s+npm run release-notes -- --changelog docs\/CHANGELOG\.md — "No, don't pass the path every time: the changelog lives in docs\/ now/);
				assert.equal(told.split('No, don\'t pass the path every time').length, 2);
				assert.match(told, /What resolved it\s+line 14\s+Edit scripts\/release-notes\.mjs/);
				assert.ok(await episode.getByRole('button', { name: 'Open in transcript' }).count() >= 4, 'each line opens the transcript there');
				await screenshot(page, 'review-1-evidence.png');
				// The keyboard moves between steps: 2 is the draft, here the diff against the skill.
				await frame.locator('#tab-evidence').focus();
				await page.keyboard.press('ArrowRight');
				await frame.locator('.diff tr.add', { hasText: 'Failure Modes' }).waitFor();
				await screenshot(page, 'review-2-draft.png');
				await page.keyboard.press('ArrowRight');
				await frame.locator('#tab-checks[aria-selected="true"]').waitFor();
				await screenshot(page, 'review-3-checks.png');
				// The checks step is rendered again when the host's checks of the result arrive; the step's tab is where the keyboard goes on.
				await frame.locator('#tab-checks').focus();
				await page.keyboard.press('ArrowRight');
				await frame.locator('#accept', { hasText: 'Merge into release-notes' }).waitFor();
				await screenshot(page, 'review-4-decide.png');
				await frame.locator('#accept').click();
				await frame.locator('#status', { hasText: 'The lessons are merged into release-notes' }).waitFor({ timeout: 15_000 });
				await screenshot(page, 'review-5-merged.png');
			},
		},
		{
			name: 'after a decision the panel keeps saying what happened, whatever follows, and Undo takes it back',
			async run(page) {
				const frame = reviewFrame(page);
				const skill = path.join(workspaceCopy, '.claude', 'skills', 'release-notes', 'SKILL.md');
				assert.match(fs.readFileSync(skill, 'utf8'), /Failure Modes/, 'merged');
				const cases = path.join(path.dirname(skill), 'evals', 'cases.json');
				assert.match(fs.readFileSync(cases, 'utf8'), /"check": "npm run release-notes"/, 'the proposal\'s apprentice case came with it');
				// Choosing another proposal sends the panel a new state: the confirmation stays.
				await frame.locator('.proposal', { hasText: 'rendering-untrusted-text' }).click();
				await frame.locator('h1', { hasText: 'rendering-untrusted-text' }).waitFor();
				const status = frame.locator('#status');
				assert.match(await status.innerText(), /The lessons are merged into release-notes/);
				await status.getByRole('button', { name: 'Undo' }).click();
				await frame.locator('#status', { hasText: 'Undone: release-notes is as it was and the proposal is pending again.' }).waitFor({ timeout: 15_000 });
				await frame.locator('.proposal', { hasText: 'release-notes' }).waitFor();
				assert.doesNotMatch(fs.readFileSync(skill, 'utf8'), /Failure Modes/, 'the skill is as it was');
				assert.ok(!fs.existsSync(cases), 'and its cases with it');
				await screenshot(page, 'review-6-undone.png');
				// Promoting a draft from the panel is one question, not "step 2 of 2".
				await frame.locator('.draft-list li', { hasText: 'release-notes' }).getByRole('button', { name: 'Promote…' }).click();
				const title = page.locator('.quick-input-widget .quick-input-title');
				await title.waitFor();
				assert.equal((await title.innerText()).trim(), 'Promote release-notes to Stable: validated on which real task?');
				await page.keyboard.press('Escape');
			},
		},
		{
			name: 'the Checks step lists the proposal\'s apprentice case, and Edit cases opens its evals/cases.json',
			async run(page) {
				const frame = reviewFrame(page);
				await frame.locator('.proposal', { hasText: 'release-notes' }).click();
				await frame.locator('h1', { hasText: 'release-notes' }).waitFor();
				await frame.locator('#tab-checks').click();
				const cases = frame.locator('.cases');
				await cases.locator('li', { hasText: 'npm-run-release-notes' }).waitFor();
				const listed = await cases.innerText();
				assert.match(listed, /`npm run release-notes` fails in this project with:\s+Error: ENOENT: no such file or directory, open 'CHANGELOG\.md'\s+Find the cause and fix it\./);
				assert.match(listed, /Check: npm run release-notes/);
				// A case reads top to bottom: its task takes the panel's width, not a column of the findings' grid.
				const widths = await cases.evaluate(section => ({ section: section.getBoundingClientRect().width, task: section.querySelector('.task')?.getBoundingClientRect().width ?? 0 }));
				assert.ok(widths.task > widths.section * 0.8, `the task is ${widths.task} px wide in ${widths.section} px`);
				assert.match(listed, /From Claude Code session 7d3e9a41-5b2c-4f18-9e07-2c6a1b8d4f30: failed on line 3, passed on line \d+/);
				await screenshot(page, 'review-3-cases.png');
				await cases.getByRole('button', { name: 'Edit cases' }).click();
				await page.locator('.tabs-container .tab.active', { hasText: 'cases.json' }).waitFor({ timeout: 15_000 });
				await closeTab(page, 'cases.json');
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
	],
};
