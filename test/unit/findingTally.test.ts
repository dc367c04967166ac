import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FindingTally } from '../../src/core/library/findingTally';

describe('FindingTally', () => {
	test('sums the counts of the files it holds', () => {
		const tally = new FindingTally();
		tally.set('/a/SKILL.md', { errors: 1, warnings: 2, infos: 0 });
		tally.set('/b/SKILL.md', { errors: 0, warnings: 1, infos: 3 });
		assert.deepEqual(tally.totals(), { files: 2, counts: { errors: 1, warnings: 3, infos: 3 } });
	});

	test('a file counted again replaces its earlier counts instead of adding to them', () => {
		const tally = new FindingTally();
		tally.set('/a/SKILL.md', { errors: 1, warnings: 2, infos: 0 });
		tally.set('/b/SKILL.md', { errors: 1, warnings: 0, infos: 0 });
		tally.set('/a/SKILL.md', { errors: 0, warnings: 1, infos: 1 });
		assert.deepEqual(tally.totals(), { files: 2, counts: { errors: 1, warnings: 1, infos: 1 } });
	});

	test('a file left out no longer counts, and a file without findings still counts as a file', () => {
		const tally = new FindingTally();
		tally.set('/a/SKILL.md', { errors: 2, warnings: 0, infos: 0 });
		tally.set('/b/SKILL.md', { errors: 0, warnings: 0, infos: 0 });
		tally.set('/a/SKILL.md', undefined);
		tally.set('/never-counted/SKILL.md', undefined);
		assert.deepEqual(tally.totals(), { files: 1, counts: { errors: 0, warnings: 0, infos: 0 } });
	});

	test('keeps its own copy: changing the counts given does not change the sum behind its back', () => {
		const tally = new FindingTally();
		const counts = { errors: 1, warnings: 0, infos: 0 };
		tally.set('/a/SKILL.md', counts);
		counts.errors = 5;
		tally.set('/a/SKILL.md', undefined);
		assert.deepEqual(tally.totals(), { files: 0, counts: { errors: 0, warnings: 0, infos: 0 } });
	});

	test('clear forgets every file', () => {
		const tally = new FindingTally();
		tally.set('/a/SKILL.md', { errors: 1, warnings: 1, infos: 1 });
		tally.clear();
		assert.deepEqual(tally.totals(), { files: 0, counts: { errors: 0, warnings: 0, infos: 0 } });
	});
});
