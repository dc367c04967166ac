import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LibraryIndex } from '../../src/core/library/libraryIndex';
import { analyzeText, skill, testConfig } from './support';

const described = (folder: string, what: string) => analyzeText({ folder, text: skill(`# ${folder}\n\n${what}\n`, `name: ${folder}\ndescription: ${what} Use when ${folder} comes up.`) });

describe('LibraryIndex.skills', () => {
	test('lists every skill in path order, whatever order they came in', () => {
		const index = new LibraryIndex(testConfig());
		for (const folder of ['gamma', 'alpha', 'beta']) {
			index.add(described(folder, `Handles ${folder} work.`));
		}
		assert.deepEqual(index.skills().map(analysis => analysis.folderName), ['alpha', 'beta', 'gamma']);
	});

	test('a replaced skill is listed as it is now, in its place, without the list being rebuilt', () => {
		const index = new LibraryIndex(testConfig());
		for (const folder of ['alpha', 'beta', 'gamma', 'delta']) {
			index.add(described(folder, `Handles ${folder} work.`));
		}
		const before = index.skills();
		index.update(described('beta', 'Handles beta work and nothing else.'));
		const after = index.skills();
		assert.equal(after, before, 'the same list, updated where the skill is');
		assert.deepEqual(after.map(analysis => analysis.folderName), ['alpha', 'beta', 'delta', 'gamma']);
		assert.equal(after[1].description, 'Handles beta work and nothing else. Use when beta comes up.');
		assert.equal(after[1], index.get(after[1].file));
	});

	test('a skill that comes or goes changes the list', () => {
		const index = new LibraryIndex(testConfig());
		for (const folder of ['alpha', 'gamma']) {
			index.add(described(folder, `Handles ${folder} work.`));
		}
		index.skills();
		index.update(described('beta', 'Handles beta work.'));
		assert.deepEqual(index.skills().map(analysis => analysis.folderName), ['alpha', 'beta', 'gamma']);
		index.remove(index.skills()[0].file);
		assert.deepEqual(index.skills().map(analysis => analysis.folderName), ['beta', 'gamma']);
		index.update(described('gamma', 'Handles gamma work, revised.'));
		assert.equal(index.skills()[1].description, 'Handles gamma work, revised. Use when gamma comes up.');
	});
});
