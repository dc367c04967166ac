import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { writeDemoSessions } from '../../scripts/demoSessions';
import { writeProposal } from '../../src/core/distil/proposalStore';
import { reviewFrame, runCommand, screenshot, type UiSuite } from './workbench';

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

/** From a session to a skill: distilling a sample session, reviewing the proposal, merging it; a hostile proposal; a reload. */
export const reviewSuite: UiSuite = {
	prepare(workspace, agentHomes) {
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
			name: 'the review panel walks through the proposal (the episode as evidence, the diff, checks, decide) and merges it',
			async run(page) {
				await page.locator('.notification-toast .codicon-notifications-clear, .notification-toast .codicon-close').first().click().catch(() => undefined);
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
				await page.keyboard.press('ArrowRight');
				await frame.locator('#accept', { hasText: 'Merge into release-notes' }).waitFor();
				await screenshot(page, 'review-4-decide.png');
				await frame.locator('#accept').click();
				await frame.locator('#status', { hasText: 'The lessons are merged into release-notes' }).waitFor({ timeout: 15_000 });
				await screenshot(page, 'review-5-merged.png');
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
