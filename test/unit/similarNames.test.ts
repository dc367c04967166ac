import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { similarName, withinEdits } from '../../src/core/skill/similarNames';

describe('a new skill name that nearly duplicates one the library has', () => {
	const library = ['api-client', 'processing-pdf-forms', 'deploy-helper', 'git', 'release-notes'];

	test('the same once case, separators and plurals are set aside', () => {
		assert.equal(similarName('api-clients', library), 'api-client');
		assert.equal(similarName('API_Client', library), 'api-client');
		assert.equal(similarName('processing-pdf-form', library), 'processing-pdf-forms');
		assert.equal(similarName('deploy_helpers', library), 'deploy-helper');
	});

	test('a letter or two apart in a long name, one in a shorter one', () => {
		assert.equal(similarName('proccessing-pdf-fom', library), 'processing-pdf-forms', 'two edits in a long name');
		assert.equal(similarName('release-note', library), 'release-notes');
		assert.equal(similarName('relase-notes', library), 'release-notes');
		assert.equal(similarName('deploy-helpr', library), 'deploy-helper');
	});

	test('different names are not near duplicates, and a short name must match exactly', () => {
		for (const name of ['http-client', 'summarizing-incidents', 'gif', 'gist', 'deploying-lambdas', 'release-plan']) {
			assert.equal(similarName(name, library), undefined, name);
		}
		assert.equal(similarName('gits', library), 'git', 'a plural is the same name');
	});

	test('the edit distance is cut off at its bound', () => {
		assert.equal(withinEdits('kitten', 'sitting', 3), true);
		assert.equal(withinEdits('kitten', 'sitting', 2), false);
		assert.equal(withinEdits('', 'ab', 2), true);
		assert.equal(withinEdits('abcdef', 'abcdef', 0), true);
	});
});
