import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { closeTab, eventually, problemsText, runCommand, screenshot, type UiSuite } from './workbench';

/** The workspace copy the workbench has open, known once the suite is prepared. */
let workspaceCopy = '';

/** Opens the quick-fix menu with Ctrl+. where the cursor is, asking again (the cursor nudged) until it offers `title`. */
async function quickFixMenuOffering(page: Page, title: string) {
	// The fixes are there once the diagnostics are in; the menu is asked for again until they are, as a person would press Ctrl+. again.
	const menu = page.locator('.action-widget');
	for (let attempt = 1; ; attempt++) {
		await page.keyboard.press('Control+.');
		const shown = await menu.locator(`text=${title}`).waitFor({ timeout: 10_000 }).then(() => true, () => false);
		if (shown) {
			return menu;
		}
		if (attempt === 4) {
			// What a person would look at to tell why: where the cursor is, and the workbench as it stands.
			const cursor = await page.locator('.statusbar-item[id="status.editor.selection"]').innerText().catch(() => 'no cursor position shown');
			await screenshot(page, `quick-fix-missing-${title.replace(/\W+/g, '-')}.png`);
			assert.fail(`the quick-fix menu never offered "${title}" (cursor at ${cursor.trim()})`);
		}
		await page.keyboard.press('Escape');
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('ArrowUp');
	}
}

/** The library as a person meets it: the Skills view, the Problems panel, a quick fix, a new skill. */
export const librarySuite: UiSuite = {
	prepare(workspace) {
		workspaceCopy = workspace;
	},
	checks: [
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
				// The row says the status; the problem count is the badge VS Code draws from the Problems panel, not repeated beside the name.
				assert.match(text, /release-notes\s*draft · 2 info\n/);
				assert.doesNotMatch(text, /2 warnings/);
				// Once the tree shows the library the scan has ended: the status bar counts it instead of saying it is scanning.
				const statusBar = page.locator('.statusbar');
				let status = '';
				for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page.waitForTimeout(250)) {
					status = await statusBar.innerText();
					if (!status.includes('Scanning skills')) {
						break;
					}
				}
				assert.ok(!status.includes('Scanning skills'), `the status bar after the scan: ${status}`);
			},
		},
		{
			name: 'the Problems panel lists the library\'s findings',
			async run(page) {
				const text = await problemsText(page, 'Deploy_Helper');
				assert.match(text, /name "Deploy_Helper" may only contain lower-case letters/);
				assert.match(text, /frontmatter opened on line 1 is never closed/);
				await screenshot(page, 'skills-view-and-problems.png');
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
				const menu = await quickFixMenuOffering(page, 'Offload to scripts/client.py');
				const text = await menu.innerText();
				assert.match(text, /Explain long-code-block/);
				await screenshot(page, 'quick-fix-offload.png');
				await page.keyboard.press('Escape');
			},
		},
		{
			name: 'one Ctrl+Z after "Offload to scripts/client.py" restores SKILL.md and removes the script; offloading again writes client.py',
			async run(page) {
				const dir = path.join(workspaceCopy, '.agents', 'skills', 'api-client');
				const script = path.join(dir, 'scripts', 'client.py');
				const skill = path.join(dir, 'SKILL.md');
				const editor = page.locator('.editor-instance .view-lines');
				const offload = async (which: string) => {
					const menu = await quickFixMenuOffering(page, 'Offload to scripts/client.py').catch((error: Error) => assert.fail(`${which} offload: ${error.message}`));
					// The menu blocks the pointer until it moves, as a person's hand does on the way to the item.
					const item = await menu.locator('text=Offload to scripts/client.py').boundingBox();
					assert.ok(item, 'the item is on screen');
					await page.mouse.move(item.x + item.width / 2, item.y + item.height / 2, { steps: 5 });
					await page.mouse.click(item.x + item.width / 2, item.y + item.height / 2);
					await eventually(page, 'scripts/client.py is written', () => fs.existsSync(script));
					await page.locator('.tabs-container .tab.active', { hasText: 'SKILL.md' }).waitFor();
					await editor.locator('text=Import `BillingClient` from `scripts/client.py`').waitFor();
					// VS Code saves the files of a quick fix that creates one; a Ctrl+Z pressed while that save is under way can leave the editor's text, shown as saved, differing from the file.
					await eventually(page, `the ${which} offload saved in SKILL.md`, async () => fs.readFileSync(skill, 'utf8').includes('Import `BillingClient` from `scripts/client.py`')
						&& await page.locator('.tabs-container .tab.active.dirty').count() === 0, 5_000);
				};
				await offload('the first');
				assert.equal(await editor.locator('text=class BillingClient').count(), 0, 'the block left SKILL.md');
				await editor.click();
				await page.keyboard.press('Control+Z');
				await editor.locator('text=class BillingClient').first().waitFor({ timeout: 5_000 }).catch(() => assert.fail('one Ctrl+Z did not bring the block back into SKILL.md'));
				await eventually(page, 'one Ctrl+Z removes scripts/client.py', () => !fs.existsSync(script), 5_000);
				await eventually(page, 'one Ctrl+Z saves SKILL.md with the block back', () => fs.readFileSync(skill, 'utf8').includes('class BillingClient'), 5_000);
				// Applied again, the fix finds the name free: no client_2.py beside an orphan.
				await page.keyboard.press('Control+G');
				await page.keyboard.type('13');
				await page.keyboard.press('Enter');
				await offload('the second');
				assert.deepEqual(fs.readdirSync(path.join(dir, 'scripts')), ['client.py']);
				await editor.click();
				await page.keyboard.press('Control+Z');
				await eventually(page, 'the second offload undone too', () => !fs.existsSync(script) && fs.readFileSync(skill, 'utf8').includes('class BillingClient'), 5_000);
				await editor.locator('text=class BillingClient').first().waitFor();
			},
		},
		{
			name: 'Skills: New Skill… asks for a root, a name (warning of a near copy) and a description, then opens the draft, its empty sections flagged',
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
				// A near copy of a skill the library has is a warning, not a refusal.
				await input.fill('api-clients');
				await page.locator('.quick-input-message', { hasText: 'Nearly the same name as the skill api-client in .agents/skills: agents may confuse the two.' }).waitFor();
				await screenshot(page, 'new-skill-similar-name.png');
				await input.fill('summarizing-incidents');
				await page.keyboard.press('Enter');
				await page.locator('.quick-input-widget', { hasText: 'description' }).waitFor();
				await input.fill('Summarizes an incident timeline for the postmortem. Use when an incident is closed.');
				await page.keyboard.press('Enter');
				const editor = page.locator('.editor-instance .view-lines');
				await editor.locator('text=summarizing-incidents').first().waitFor({ timeout: 15_000 });
				const tab = await page.locator('.tabs-container .tab.active').innerText();
				assert.match(tab, /SKILL\.md/);
				// The placeholders still to write are warned of, on their headings.
				await page.locator('.editor-instance .squiggly-warning').first().waitFor({ timeout: 15_000 });
				await screenshot(page, 'new-skill.png');
				// The draft is put away, so the Problems panel goes back to revealing the skill the next checks look at.
				await closeTab(page, 'summarizing-incidents');
			},
		},
	],
};
