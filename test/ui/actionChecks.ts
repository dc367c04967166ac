import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { runCommand, screenshot, type UiSuite } from './workbench';

/** The workspace copy the workbench has open, known once the suite is prepared. */
let workspaceCopy = '';

const claudeSkills = () => path.join(workspaceCopy, '.claude', 'skills');

function writeSkill(folder: string, body: string): void {
	fs.mkdirSync(path.join(claudeSkills(), folder), { recursive: true });
	fs.writeFileSync(path.join(claudeSkills(), folder, 'SKILL.md'), `---\nname: ${folder}\ndescription: ${body} Use when ${folder.replace(/-/g, ' ')} come up.\n---\n\n# ${folder}\n\n${body}\n`);
}

/** Polls a condition on disk until it holds, or fails after `timeout` ms. */
async function eventually(what: string, check: () => boolean, timeout = 15_000): Promise<void> {
	for (const deadline = Date.now() + timeout; !check(); await new Promise(resolve => setTimeout(resolve, 200))) {
		assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
	}
}

/** The Library view's pane, and its rows. */
function library(page: Page): { pane: Locator; rows: Locator } {
	const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Library' }) }).first();
	return { pane, rows: pane.locator('.monaco-list-row') };
}

/** Shows the Library view (a click on the activity bar would hide it when it is already shown) and waits for a row. */
async function showLibrary(page: Page, row: string): Promise<void> {
	if (!await library(page).pane.isVisible()) {
		await page.locator('.activitybar a[aria-label^="Skills"], .activitybar .action-item a[aria-label^="Skills"]').first().click();
	}
	await library(page).rows.filter({ hasText: row }).first().waitFor({ timeout: 30_000 });
}

/** Right-clicks a Library row and picks an entry of its context menu, as a person does; returns the menu's entries. */
async function contextMenu(page: Page, row: string, entry: string): Promise<string[]> {
	const target = library(page).rows.filter({ hasText: row }).first();
	await target.click({ button: 'right' });
	const menu = page.locator('.context-view .monaco-menu');
	await menu.waitFor();
	const entries = (await menu.locator('.action-label').allInnerTexts()).map(text => text.trim()).filter(Boolean);
	const item = menu.locator('.action-item', { hasText: entry }).first();
	await item.hover();
	await item.click();
	// A click that lands while the menu is still settling only highlights the entry; Enter then picks it, as it would for a person.
	if (!await menu.waitFor({ state: 'detached', timeout: 1000 }).then(() => true, () => false)) {
		await page.keyboard.press('Enter');
		await menu.waitFor({ state: 'detached' });
	}
	return entries;
}

/** Clicks a button of the modal dialog that asks. */
async function answerDialog(page: Page, question: string, button: string): Promise<void> {
	const dialog = page.locator('.monaco-dialog-box', { hasText: question });
	await dialog.waitFor({ timeout: 15_000 });
	await dialog.locator('.monaco-button', { hasText: button }).first().click();
	await dialog.waitFor({ state: 'detached' });
}

/** The Library view's everyday actions as a person takes them: its context menus, its title bar, the dialogs and Ctrl+Z. */
export const actionSuite: UiSuite = {
	prepare(workspace) {
		workspaceCopy = workspace;
	},
	checks: [
		{
			name: 'Rename Skill… from a skill\'s context menu renames its folder and name and the links to it; one Ctrl+Z in the renamed SKILL.md takes the folder and name back',
			async run(page) {
				await runCommand(page, 'View: Close All Editors');
				// Written now, not before the workbench opens, so the suites before this one see the sample library as it is.
				writeSkill('onboarding-notes', 'Greets a new teammate.');
				writeSkill('welcome-guide', 'First use the onboarding-notes skill, then [its checklist](../onboarding-notes/SKILL.md).');
				writeSkill('stale-tips', 'Tips nobody needs any more.');
				writeSkill('scratch-pad', 'Notes to throw away.');
				await showLibrary(page, 'release-notes');
				const { pane } = library(page);
				await pane.hover();
				await pane.locator('.actions a.action-label[aria-label="Refresh Library"]').click();
				await showLibrary(page, 'onboarding-notes');
				const entries = await contextMenu(page, 'onboarding-notes', 'Rename Skill…');
				for (const expected of ['Open', 'Reveal in Explorer', 'Check', 'Rename Skill…', 'Archive Skill…', 'Delete Skill…']) {
					assert.ok(entries.includes(expected), `the skill's context menu offers ${expected}: ${entries.join(' | ')}`);
				}
				const input = page.locator('.quick-input-widget input');
				await page.locator('.quick-input-widget', { hasText: 'Rename Skill' }).waitFor();
				assert.equal(await input.inputValue(), 'onboarding-notes');
				await input.fill('release-notes');
				await page.locator('.quick-input-message', { hasText: 'already has a skill named release-notes' }).waitFor();
				await input.fill('team-onboarding');
				await page.keyboard.press('Enter');
				await page.locator('.notification-toast', { hasText: 'Renamed onboarding-notes to team-onboarding' }).waitFor({ timeout: 15_000 });
				await screenshot(page, 'rename-skill.png');
				const renamed = path.join(claudeSkills(), 'team-onboarding', 'SKILL.md');
				assert.ok(fs.existsSync(renamed) && !fs.existsSync(path.join(claudeSkills(), 'onboarding-notes')), 'the folder is renamed on disk');
				assert.match(fs.readFileSync(renamed, 'utf8'), /\nname: team-onboarding\n/);
				assert.match(fs.readFileSync(path.join(claudeSkills(), 'welcome-guide', 'SKILL.md'), 'utf8'), /the team-onboarding skill, then \[its checklist\]\(\.\.\/team-onboarding\/SKILL\.md\)/);
				const { rows } = library(page);
				await rows.filter({ hasText: 'team-onboarding' }).first().waitFor();

				// The renamed skill opened from its row, then Ctrl+Z in its editor, as a person undoes.
				await rows.filter({ hasText: 'team-onboarding' }).first().click();
				await page.locator('.tabs-container .tab.active', { hasText: 'SKILL.md' }).waitFor();
				await page.locator('.editor-instance .view-lines').click();
				await page.keyboard.press('Control+Z');
				const confirm = page.locator('.monaco-dialog-box');
				if (await confirm.waitFor({ timeout: 2000 }).then(() => true, () => false)) {
					await screenshot(page, 'rename-undo-dialog.png');
					await confirm.locator('.monaco-button').first().click();
				}
				await eventually('the folder back after one Ctrl+Z', () => fs.existsSync(path.join(claudeSkills(), 'onboarding-notes', 'SKILL.md')) && !fs.existsSync(path.join(claudeSkills(), 'team-onboarding')));
				await page.locator('.editor-instance .view-lines', { hasText: 'name: onboarding-notes' }).waitFor({ timeout: 10_000 });
				await rows.filter({ hasText: 'onboarding-notes' }).first().waitFor();
				await runCommand(page, 'View: Close All Editors');
			},
		},
		{
			name: 'Find Skill… in the Library\'s title bar shows only the matching skills, the view says which filter is on, and Clear Filter shows them all',
			async run(page) {
				await showLibrary(page, 'welcome-guide');
				const { pane, rows } = library(page);
				await pane.hover();
				await pane.locator('.actions a.action-label[aria-label="Find Skill…"]').click();
				const input = page.locator('.quick-input-widget input');
				await page.locator('.quick-input-widget', { hasText: 'Find Skill' }).waitFor();
				await input.fill('debug');
				await page.keyboard.press('Enter');
				await pane.locator('.pane-header', { hasText: 'Name: debug' }).waitFor({ timeout: 10_000 });
				await rows.filter({ hasText: 'welcome-guide' }).waitFor({ state: 'detached' });
				const text = (await rows.allInnerTexts()).join('\n');
				assert.match(text, /systematic-debugging/);
				assert.match(text, /1 of \d+ skills/, `the root counts what it shows of what it holds:\n${text}`);
				await screenshot(page, 'find-skill.png');
				await pane.hover();
				await pane.locator('.actions a.action-label[aria-label="Clear Filter"]').click();
				await rows.filter({ hasText: 'welcome-guide' }).first().waitFor();
				assert.equal(await pane.locator('.pane-header', { hasText: 'Name: debug' }).count(), 0);
			},
		},
		{
			name: 'a root\'s context menu offers New Skill Here…, Check This Folder and Reveal in Explorer; Check This Folder says what the root\'s skills have',
			async run(page) {
				await showLibrary(page, '.claude/skills');
				const entries = await contextMenu(page, '.claude/skills', 'Check This Folder');
				for (const expected of ['New Skill Here…', 'Refresh Folder', 'Reveal in Explorer', 'Check This Folder']) {
					assert.ok(entries.includes(expected), `the root's context menu offers ${expected}: ${entries.join(' | ')}`);
				}
				await page.locator('.notification-toast', { hasText: /Checked \.claude\/skills: \d+ skills, \d+ errors?/ }).waitFor({ timeout: 30_000 });
				await contextMenu(page, '.claude/skills', 'New Skill Here…');
				await page.locator('.quick-input-widget', { hasText: 'New Skill (1/2): name' }).waitFor();
				await page.keyboard.press('Escape');
				await contextMenu(page, '.claude/skills', 'Reveal in Explorer');
				await page.locator('.explorer-folders-view .monaco-list-row.selected', { hasText: 'skills' }).waitFor({ timeout: 10_000 });
				await showLibrary(page, '.claude/skills');
			},
		},
		{
			name: 'Archive Skill… asks in a dialog, then moves the skill out of the folders agents load; Delete Skill… asks, then deletes it',
			async run(page) {
				await showLibrary(page, 'stale-tips');
				await contextMenu(page, 'stale-tips', 'Archive Skill…');
				await answerDialog(page, 'Archive the skill stale-tips?', 'Archive');
				await page.locator('.notification-toast', { hasText: 'Archived stale-tips to .claude/.skills-archive/stale-tips' }).waitFor({ timeout: 15_000 });
				assert.ok(fs.existsSync(path.join(workspaceCopy, '.claude', '.skills-archive', 'stale-tips', 'SKILL.md')));
				const { rows } = library(page);
				await rows.filter({ hasText: 'stale-tips' }).waitFor({ state: 'detached' });

				await contextMenu(page, 'scratch-pad', 'Delete Skill…');
				await screenshot(page, 'delete-skill-dialog.png');
				await answerDialog(page, 'Delete the skill scratch-pad?', 'Move to Trash');
				// Where the file system has no trash (code-server keeps files on its server), a second dialog asks.
				const noTrash = page.locator('.monaco-dialog-box', { hasText: 'The trash is not available here' });
				if (await noTrash.waitFor({ timeout: 5000 }).then(() => true, () => false)) {
					await screenshot(page, 'delete-skill-no-trash.png');
					await answerDialog(page, 'The trash is not available here', 'Delete Permanently');
				}
				await eventually('the folder gone', () => !fs.existsSync(path.join(claudeSkills(), 'scratch-pad')));
				await rows.filter({ hasText: 'scratch-pad' }).waitFor({ state: 'detached' });

				// The suites after this one see the sample library as it was.
				for (const folder of ['onboarding-notes', 'welcome-guide']) {
					fs.rmSync(path.join(claudeSkills(), folder), { recursive: true, force: true });
				}
				fs.rmSync(path.join(workspaceCopy, '.claude', '.skills-archive'), { recursive: true, force: true });
				const { pane } = library(page);
				await pane.hover();
				await pane.locator('.actions a.action-label[aria-label="Refresh Library"]').click();
				await rows.filter({ hasText: 'welcome-guide' }).waitFor({ state: 'detached', timeout: 30_000 });
				await page.locator('.notification-toast .codicon-notifications-clear, .notification-toast .codicon-close').first().click().catch(() => undefined);
			},
		},
	],
};
