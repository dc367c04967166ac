import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { eventually, problemsText, runCommand, screenshot, showSkillsView, type UiSuite } from './workbench';

/** The workspace copy the workbench has open, known once the suite is prepared. */
let workspaceCopy = '';

/** The Library view's rows. */
function libraryRows(page: Page) {
	return page.locator('.pane', { hasText: 'Library' }).first().locator('.monaco-list-rows .monaco-list-row');
}

/** The status bar's library item as it reads: skills, errors, warnings. */
async function libraryStatus(page: Page): Promise<number[]> {
	const text = await page.locator('.statusbar-item', { has: page.locator('.codicon-book') }).first().innerText();
	return text.trim().split(/\s+/).map(Number);
}

/** What a person does every day beyond the first look: Fix All, a skill deleted. */
export const everydaySuite: UiSuite = {
	prepare(workspace) {
		workspaceCopy = workspace;
	},
	checks: [
		{
			name: 'a skill folder deleted on disk, its SKILL.md open, leaves the Library view, the status bar and the Problems panel',
			async run(page) {
				await showSkillsView(page);
				const row = libraryRows(page).filter({ hasText: /^repeated-key/ });
				await row.waitFor({ timeout: 30_000 });
				const [skills, errors] = await libraryStatus(page);
				assert.match(await problemsText(page, 'repeated-key'), /repeated-key/);
				// A person looks at the skill before deleting it: its row clicked, its file open.
				await row.click();
				await page.locator('.tabs-container .tab.active', { hasText: 'SKILL.md' }).waitFor();
				fs.rmSync(path.join(workspaceCopy, '.github', 'skills', 'repeated-key'), { recursive: true });
				await row.waitFor({ state: 'detached', timeout: 15_000 }).catch(() => assert.fail('the Library view still lists repeated-key'));
				await eventually(page, 'the status bar counts one skill and one error fewer', async () => {
					const [nowSkills, nowErrors] = await libraryStatus(page);
					return nowSkills === skills - 1 && nowErrors === errors - 1;
				});
				const problems = (await page.locator('.markers-panel').innerText()).replace(/\s+/g, ' ');
				assert.doesNotMatch(problems, /repeated-key/);
				// Every row left still opens what it names.
				const github = libraryRows(page).filter({ hasText: /^internal-comms/ });
				await github.click();
				await page.locator('.tabs-container .tab.active', { hasText: 'SKILL.md' }).waitFor();
				// A skill shown with its sidecar files goes with them.
				const withSidecars = libraryRows(page).filter({ hasText: /^webapp-testing/ });
				await withSidecars.locator('.monaco-tl-twistie').click();
				const sidecar = libraryRows(page).filter({ hasText: /^LICENSE\.txt$/ });
				await sidecar.waitFor();
				fs.rmSync(path.join(workspaceCopy, '.github', 'skills', 'webapp-testing'), { recursive: true });
				await withSidecars.waitFor({ state: 'detached', timeout: 15_000 }).catch(() => assert.fail('the Library view still lists webapp-testing'));
				assert.equal(await sidecar.count(), 0, 'nor its files');
				await screenshot(page, 'skill-deleted.png');
			},
		},
		{
			name: 'a skill folder deleted in the Explorer leaves the Library view',
			async run(page) {
				const row = libraryRows(page).filter({ hasText: /^broken-frontmatter/ });
				await row.click();
				await page.locator('.tabs-container .tab.active', { hasText: 'SKILL.md' }).waitFor();
				await runCommand(page, 'File: Reveal Active File in Explorer View');
				const explorer = page.locator('.explorer-folders-view');
				await explorer.locator('.monaco-list-row.selected', { hasText: 'SKILL.md' }).waitFor();
				// The file's folder, which a person then deletes.
				await explorer.locator('.monaco-list-row', { hasText: /^broken-frontmatter$/ }).click();
				await page.keyboard.press('Delete');
				await page.locator('.monaco-dialog-box').getByRole('button', { name: /Move to Trash|Delete/ }).first().click();
				await eventually(page, 'the folder is deleted', () => !fs.existsSync(path.join(workspaceCopy, '.github', 'skills', 'broken-frontmatter')));
				await showSkillsView(page);
				await row.waitFor({ state: 'detached', timeout: 15_000 }).catch(() => assert.fail('the Library view still lists broken-frontmatter'));
			},
		},
		{
			name: 'Skills: Fix All in Library opens the refactoring preview with the safe fixes ticked; Apply applies them and says how many',
			async run(page) {
				await runCommand(page, 'View: Close All Editors');
				await runCommand(page, 'Skills: Fix All in Library');
				const preview = page.locator('.bulk-edit-panel, .pane-body:has(.bulk-edit-panel)').first();
				await preview.waitFor({ timeout: 20_000 });
				// Each file's row, then each change under it, as the preview fills in.
				await preview.locator('.monaco-list-row', { hasText: 'name: deploy-helper' }).waitFor();
				await preview.locator('.monaco-list-row', { hasText: '$HOME/tools/release.sh 2.4.0' }).waitFor();
				// Every box is ticked: nothing to tick before Apply does something.
				const boxes = preview.locator('.monaco-list-row input[type="checkbox"]');
				assert.equal(await boxes.count(), 4, 'two files, one change each, each with its box');
				const ticked = await Promise.all((await boxes.all()).map(box => box.isChecked()));
				assert.deepEqual(ticked, [true, true, true, true], 'every change ticked');
				await screenshot(page, 'fix-all-preview.png');
				await preview.getByRole('button', { name: 'Apply' }).click();
				await page.locator('.notification-toast', { hasText: 'Fix All in Library: applied 2 safe fixes in 2 skills.' }).waitFor({ timeout: 15_000 });
				await runCommand(page, 'File: Save All Files');
				const releaseNotes = path.join(workspaceCopy, '.claude', 'skills', 'release-notes', 'SKILL.md');
				await eventually(page, 'release-notes reads $HOME on disk', () => fs.readFileSync(releaseNotes, 'utf8').includes('$HOME/tools/release.sh 2.4.0'));
				assert.match(fs.readFileSync(path.join(workspaceCopy, '.claude', 'skills', 'Deploy_Helper', 'SKILL.md'), 'utf8'), /^name: deploy-helper$/m);
				await page.locator('.notification-toast .codicon-notifications-clear, .notification-toast .codicon-close').first().click().catch(() => undefined);
			},
		},
	],
};
