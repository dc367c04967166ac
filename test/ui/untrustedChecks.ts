import * as assert from 'node:assert/strict';
import { reviewFrame, runCommand, screenshot, type UiSuite } from './workbench';

/** A workspace whose authors the person does not trust: everything can be read, nothing changed. */
export const untrustedSuite: UiSuite = {
	checks: [
		{
			name: 'in an untrusted workspace the review panel is read-only',
			async run(page) {
				// Workspace trust is asked for here, and refused.
				await page.getByRole('button', { name: /No, I don.t trust the authors/ }).click({ timeout: 30_000 });
				await runCommand(page, 'Skills: Review Proposals');
				const frame = reviewFrame(page);
				await frame.locator('.banner', { hasText: 'Untrusted workspace: read-only.' }).waitFor({ timeout: 30_000 });
				await frame.locator('#tab-decide').click();
				await frame.locator('.banner.error', { hasText: 'This workspace is not trusted: the panel is read-only.' }).waitFor();
				assert.equal(await frame.locator('#accept').isDisabled(), true);
				assert.equal(await frame.locator('#reason').isDisabled(), true);
				await screenshot(page, 'review-untrusted.png');
			},
		},
	],
};
