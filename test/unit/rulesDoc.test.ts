import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { renderRulesDoc } from '../../scripts/rulesDoc';
import { ruleCatalog } from '../../src/core/rules/catalog';

const committed = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'rules.md'), 'utf8');

test('docs/rules.md is what `npm run docs` generates from the catalog', () => {
	assert.equal(committed, renderRulesDoc(), 'docs/rules.md is stale: run `npm run docs` and commit the result');
});

test('docs/rules.md has a section, a why and a fix for every rule of the catalog', () => {
	for (const { id } of ruleCatalog) {
		const section = committed.split(`### ${id}\n`)[1]?.split('\n### ')[0];
		assert.ok(section, `docs/rules.md has a section for ${id}`);
		assert.match(section, /\*\*Why:\*\* \S/);
		assert.match(section, /\*\*Fix:\*\* \S/);
	}
});
