import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { repositoryRoot } from '../../scripts/repository';

/**
 * What the UI checks share: running commands as a person does, the review panel's frame and
 * screenshots. A check drives the real workbench (code-server's VS Code in Chromium) by keyboard
 * and mouse, and fails when a person following it would not see what it expects.
 */

/** Where screenshots go. */
export const outputDir = path.join(repositoryRoot, 'test-output', 'ui');

/** One path a person takes through the workbench. */
export interface UiCheck {
	name: string;
	run(page: Page): Promise<void>;
}

/** Checks run one after another in one workbench, each starting where the previous one left it. */
export interface UiSuite {
	checks: UiCheck[];
	/** Sets up the workspace copy and the agents' folders before the workbench opens. */
	prepare?(workspace: string, agentHomes: Record<string, string>): void;
}


/** Runs a command from the Command Palette, as a person would. */
export async function runCommand(page: Page, title: string): Promise<void> {
	const input = page.locator('.quick-input-widget input');
	// A palette opened while the workbench moves focus (an editor just opened) can close again at once, as it would under a person's
	// hands: they would press F1 again, and so does this, a few times.
	for (let attempt = 1; ; attempt++) {
		await page.keyboard.press('F1');
		try {
			await input.waitFor({ state: 'visible', timeout: 10_000 });
			await input.fill(`>${title}`, { timeout: 10_000 });
			break;
		} catch (error) {
			if (attempt === 3) {
				throw error;
			}
			await page.keyboard.press('Escape');
		}
	}
	await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
	await page.keyboard.press('Enter');
}

/** The review panel's page: VS Code nests a webview's content in two frames, the outer one naming the extension. */
export function reviewFrame(page: Page): FrameLocator {
	return page.frameLocator('iframe.webview.ready[src*="extensionId=skill-distiller.skill-distiller"]').frameLocator('iframe#active-frame');
}

/** The page of the Markdown preview (VS Code's own), whose title tab reads "Preview <title>". */
export function markdownPreviewFrame(page: Page): FrameLocator {
	return page.frameLocator('iframe.webview.ready[src*="extensionId=vscode.markdown-language-features"]').frameLocator('iframe#active-frame');
}

/**
 * Opens the Problems panel, waits for a row holding `row`, and returns the panel's text on one
 * line. The panel draws only the rows in view: `filter` (typed in its filter box, as a person
 * would, and cleared by the caller's next `problemsText`) keeps a file's rows in view.
 */
export async function problemsText(page: Page, row: string, filter = ''): Promise<string> {
	await runCommand(page, 'Problems: Focus on Problems View');
	await page.getByPlaceholder(/^Filter \(e\.g\./).fill(filter);
	const problems = page.locator('.markers-panel');
	const shown = async () => (await problems.innerText()).replace(/\s+/g, ' ');
	await problems.locator('.monaco-list-row', { hasText: row }).first().waitFor({ timeout: 30_000 })
		.catch(async () => assert.fail(`the Problems panel has no row "${row}" within 30 s; it shows: ${await shown()}`));
	return shown();
}

/** Closes an editor tab by its close button, as a person would; other editors stay as they are. */
export async function closeTab(page: Page, label: string): Promise<void> {
	const tab = page.locator('.tabs-container .tab', { hasText: label }).first();
	await tab.hover();
	await tab.locator('.action-label.codicon-close, .action-label[aria-label^="Close"]').first().click();
	await tab.waitFor({ state: 'detached' });
}

/** Saves a screenshot of the workbench under test-output/ui. */
export async function screenshot(page: Page, name: string): Promise<void> {
	fs.mkdirSync(outputDir, { recursive: true });
	await page.screenshot({ path: path.join(outputDir, name) });
}

/** Waits until `condition` holds, polling, or fails saying what never happened. */
export async function eventually(page: Page, what: string, condition: () => boolean | Promise<boolean>, timeout = 15_000): Promise<void> {
	for (const deadline = Date.now() + timeout; Date.now() < deadline; await page.waitForTimeout(250)) {
		if (await condition()) {
			return;
		}
	}
	assert.fail(`${what}, within ${timeout / 1000} s`);
}

/** Shows the Skills view's Library; a click on the activity bar's icon of a view already shown would hide the side bar instead. */
export async function showSkillsView(page: Page): Promise<void> {
	const pane = page.locator('.pane', { hasText: 'Library' }).first();
	// The view is shown when its pane is, rows or not: just after a window reload its tree is empty until the scan is published, and a click then would hide it.
	if (!await pane.isVisible()) {
		await page.locator('.activitybar a[aria-label^="Skills"]').first().click();
	}
	await pane.locator('.monaco-list-rows .monaco-list-row').first().waitFor({ timeout: 30_000 });
}
