import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/core/check/config';
import { withDistinctPair, withSuppression } from '../../src/core/check/configEdits';
import { testConfig } from './support';

describe('configuration edits of the quick fixes', () => {
	test('a suppression goes into a new file, or is added to an existing one in its own indentation', () => {
		const created = withSuppression(undefined, { rule: 'time-sensitive', reason: 'dated on purpose' });
		assert.equal(created, '{\n  "suppress": [\n    {\n      "rule": "time-sensitive",\n      "reason": "dated on purpose"\n    }\n  ]\n}\n');
		const existing = '{\n\t"profile": "codex"\n}\n';
		const added = withSuppression(existing, { rule: 'secret', reason: 'a fixture' });
		assert.match(added, /^\{\n\t"profile": "codex",\n\t"suppress": \[/);
		assert.deepEqual(testConfig(JSON.parse(added)).suppress, [{ rule: 'secret', reason: 'a fixture' }]);
	});

	test('a rule already suppressed for the project, or a pair already marked, leaves the file as it is', () => {
		const once = withSuppression(undefined, { rule: 'secret', reason: 'a fixture' });
		assert.equal(withSuppression(once, { rule: 'secret', reason: 'another reason' }), once);
		const pair = withDistinctPair(undefined, ['pdf-forms', 'form-filler']);
		assert.equal(withDistinctPair(pair, ['form-filler', 'pdf-forms']), pair);
		assert.deepEqual(JSON.parse(withDistinctPair(pair, ['a', 'b'])).distinct, [['pdf-forms', 'form-filler'], ['a', 'b']]);
	});

	test('a file that is not a JSON object is not overwritten', () => {
		assert.throws(() => withSuppression('{ "profile": ', { rule: 'secret', reason: 'x' }), ConfigError);
		assert.throws(() => withDistinctPair('[]', ['a', 'b']), /does not hold a JSON object/);
	});
});
