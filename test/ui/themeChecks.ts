/// <reference lib="dom" />
// The checks measure the pages they drive: their functions run in the browser.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { reviewFrame, runCommand, screenshot, showSkillsView, type UiSuite } from './workbench';

/** What the review panel's text measures against what is behind it, in one colour theme. */
interface PanelContrast {
	body: number;
	/** The text elements under the minimum, with their ratio. */
	faint: string[];
	checked: number;
}

/**
 * The WCAG contrast ratio of the panel's body text, and of every element holding text, against
 * the background actually behind it (the nearest ancestor that paints one; the editor's when none
 * does), as the browser computes their colours.
 */
async function panelContrast(page: Page, minimum: number): Promise<PanelContrast> {
	return reviewFrame(page).locator('body').evaluate((body, least) => {
		type Rgba = [number, number, number, number];
		const parse = (value: string): Rgba | undefined => {
			const match = /rgba?\(([^)]+)\)/.exec(value);
			if (!match) {
				return undefined;
			}
			const [r, g, b, a = 1] = match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
			return [r, g, b, a];
		};
		const over = (top: Rgba, bottom: Rgba): Rgba => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1) as Rgba;
		const luminance = ([r, g, b]: Rgba) => {
			const linear = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
			return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
		};
		const ratio = (a: Rgba, b: Rgba) => {
			const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
			return (light + 0.05) / (dark + 0.05);
		};
		const editor = parse(getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background').trim().replace(/^#(..)(..)(..)$/, (_, r: string, g: string, b: string) => `rgb(${parseInt(r, 16)}, ${parseInt(g, 16)}, ${parseInt(b, 16)})`)) ?? [30, 30, 30, 1];
		const background = (element: Element | null): Rgba => {
			const layers: Rgba[] = [];
			for (let node = element; node; node = node.parentElement) {
				const color = parse(getComputedStyle(node).backgroundColor);
				if (color && color[3] > 0) {
					layers.push(color);
					if (color[3] === 1) {
						break;
					}
				}
			}
			return layers.reduceRight((under, layer) => over(layer, under), editor);
		};
		const contrastOf = (element: Element) => {
			const behind = background(element);
			const text = parse(getComputedStyle(element).color) ?? [0, 0, 0, 1];
			return ratio(over(text, behind), behind);
		};
		const texts = Array.from(body.querySelectorAll('*')).filter(element => {
			const box = element.getBoundingClientRect();
			return box.width > 0 && box.height > 0 && Array.from(element.childNodes).some(node => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '');
		});
		const faint = texts.map(element => ({ element, contrast: contrastOf(element) })).filter(entry => entry.contrast < least)
			.map(({ element, contrast }) => `${element.tagName.toLowerCase()}.${element.className} "${(element.textContent ?? '').trim().slice(0, 30)}" ${contrast.toFixed(2)}`);
		return { body: contrastOf(body), faint, checked: texts.length };
	}, minimum);
}

/** The colour themes VS Code ships that a person is likely to use, and the file name of each screenshot. */
const themes = [
	{ name: 'Light Modern', file: 'theme-light.png' },
	{ name: 'Dark High Contrast', file: 'theme-high-contrast.png' },
	{ name: 'Light High Contrast', file: 'theme-high-contrast-light.png' },
	{ name: 'Dark Modern', file: 'theme-dark.png' },
];

/** Picks a colour theme as a person does: Preferences: Color Theme from the palette, the theme's name typed, its row clicked. */
async function switchTheme(page: Page, name: string): Promise<void> {
	const input = page.locator('.quick-input-widget input');
	const row = (label: string) => page.locator('.quick-input-list .monaco-list-row', { hasText: label }).filter({ hasNotText: /Marketplace|Browse/ }).first();
	// The review panel's frame may hold the focus and keep F1 from the workbench: asked again, as a person would.
	for (let attempt = 0; !await input.isVisible() && attempt < 3; attempt++) {
		await page.keyboard.press('F1');
		await input.waitFor({ timeout: 3_000 }).catch(() => undefined);
	}
	await input.fill('>Preferences: Color Theme');
	// Clicked rather than Enter: "Browse Color Themes in Marketplace" may be first.
	await row('Preferences: Color Theme').click();
	await input.fill(name);
	await row(name).click();
	await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** The Skills view and the review panel read well in dark, light and high-contrast themes. */
export const themeSuite: UiSuite = {
	checks: themes.map(theme => ({
		name: `in the ${theme.name} theme the Skills view and the review panel read well: the panel's text contrasts with its background`,
		async run(page) {
			await switchTheme(page, theme.name);
			if (await page.locator('.part.panel').isVisible()) {
				await runCommand(page, 'View: Hide Panel');
			}
			await showSkillsView(page);
			const frame = reviewFrame(page);
			// Open from the previous theme, the panel is not opened again.
			if (!await frame.locator('.proposal').first().isVisible()) {
				await runCommand(page, 'Skills: Review Proposals');
			}
			await frame.locator('.proposal', { hasText: 'release-notes' }).click({ timeout: 30_000 });
			await frame.locator('.episode', { hasText: 'npm run release-notes' }).waitFor({ timeout: 30_000 });
			// The panel takes the theme's colours as they change.
			await page.waitForTimeout(1000);
			const contrast = await panelContrast(page, 4.5);
			assert.ok(contrast.body >= 4.5, `the panel's text contrasts with its background: ${contrast.body.toFixed(2)}:1`);
			assert.ok(contrast.checked > 20, `the panel's texts were measured (${contrast.checked})`);
			assert.deepEqual(contrast.faint, [], 'every text of the panel reaches 4.5:1');
			await page.mouse.move(700, 850);
			await screenshot(page, theme.file);
		},
	})),
};
