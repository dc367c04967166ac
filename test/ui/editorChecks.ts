/// <reference lib="dom" />
// The checks measure the pages they drive: their functions run in the browser.
import * as assert from 'node:assert/strict';
import { closeTab, markdownPreviewFrame, problemsText, runCommand, screenshot, type UiSuite } from './workbench';

/** The editor's everyday paths: the rule documentation, the Problems panel's related entries, the views' title buttons. */
export const editorSuite: UiSuite = {
	checks: [
		{
			name: 'Skills: Open Rule Documentation shows the rule rendered and read-only at its section, not the extension\'s file in an editor',
			async run(page) {
				await runCommand(page, 'Skills: Open Rule Documentation');
				await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
				await page.locator('.quick-input-widget input').fill('long-code-block');
				await page.locator('.quick-input-list .monaco-list-row', { hasText: 'long-code-block' }).first().waitFor();
				await page.keyboard.press('Enter');
				await page.locator('.tabs-container .tab.active', { hasText: 'Preview rules.md' }).waitFor({ timeout: 15_000 });
				const heading = markdownPreviewFrame(page).locator('h3', { hasText: /^long-code-block$/ });
				await heading.waitFor({ timeout: 15_000 });
				// The preview scrolls to the section once it has rendered.
				let top = Infinity;
				for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page.waitForTimeout(250)) {
					top = await heading.evaluate(element => element.getBoundingClientRect().top / window.innerHeight);
					// Scrolled to the section, the heading may sit a pixel or two above the top edge.
					if (top > -0.05 && top < 0.5) {
						break;
					}
				}
				assert.ok(top > -0.05 && top < 0.5, `the rule's heading is at the top of the preview (at ${Math.round(top * 100)}% of its height)`);
				const tabs = await page.locator('.tabs-container .tab').allInnerTexts();
				assert.ok(!tabs.some(tab => /^rules\.md\b/.test(tab.trim())), `no editor of rules.md: ${tabs.join(' | ')}`);
				await screenshot(page, 'rule-documentation.png');
				await closeTab(page, 'Preview rules.md');
			},
		},
		{
			name: 'Skills: Show Listing Budget… picks a client and shows its listing rendered: the skills in order with their cost, read-only',
			async run(page) {
				await runCommand(page, 'Skills: Show Listing Budget…');
				const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Copilot CLI' }).first();
				await row.waitFor({ timeout: 30_000 });
				assert.match(await row.innerText(), /characters/, 'each client says how full its listing is');
				await row.click();
				await page.locator('.tabs-container .tab.active', { hasText: 'Preview Copilot CLI listing.md' }).waitFor({ timeout: 15_000 });
				const preview = markdownPreviewFrame(page);
				await preview.locator('h1', { hasText: 'Copilot CLI: listing budget' }).waitFor({ timeout: 15_000 });
				const cells = await preview.locator('table td').allInnerTexts();
				assert.ok(cells.some(cell => /^api-client\s+\.agents\/skills\/api-client\/SKILL\.md$/.test(cell.trim())), `api-client is listed with its path: ${cells.slice(0, 14).join(' | ')}`);
				assert.ok(cells.includes('listed'));
				await screenshot(page, 'listing-budget.png');
				await closeTab(page, 'Preview Copilot CLI listing.md');
			},
		},
		{
			name: 'the Problems panel names the skill of each related entry, and a long block\'s finding sits on its opening fence',
			async run(page) {
				const text = await problemsText(page, 'api-client: the block\'s 30 lines, to its closing fence', 'api-client');
				await problemsText(page, 'SKILL.md');
				assert.match(text, /a python code block of 30 lines: move it to `scripts\/` and say when to use it skill-distiller long-code-block \[Ln 13, Col 1\] SKILL\.md \[Ln 14, Col 1\] : api-client: the block's 30 lines, to its closing fence/);
				assert.match(text, /is code in 1 fenced block: offload the code to `scripts\/` skill-distiller code-heavy \[Ln 6, Col 1\]/, 'code-heavy once, on "# API Client"');
				assert.match(text, /SKILL\.md \[Ln 3, Col 14\] : http-client: near-identical description/);
			},
		},
		{
			name: 'the Proposals view\'s refresh button says what it refreshes',
			async run(page) {
				const proposals = page.locator('.pane', { hasText: 'Proposals' }).first();
				await proposals.hover();
				assert.equal(await proposals.locator('.actions a.action-label[aria-label="Refresh Proposals"]').count(), 1);
				assert.equal(await proposals.locator('.actions a.action-label[aria-label="Refresh Library"]').count(), 0);
			},
		},
	],
};
