import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { displayPath } from '../../src/core/util/paths';

describe('displayPath', () => {
	const base = path.resolve('/work/library');

	test('shows a path inside a base relative to it, with slashes, and the base itself as a dot', () => {
		assert.equal(displayPath(path.join(base, 'deploy', 'SKILL.md'), [base]), 'deploy/SKILL.md');
		assert.equal(displayPath(base, [base]), '.');
		assert.equal(displayPath(`${base}${path.sep}`, [base]), '.');
	});

	test('resolves paths that are not written plainly before deciding', () => {
		assert.equal(displayPath([base, 'a', '..', 'b', 'SKILL.md'].join(path.sep), [base]), 'b/SKILL.md');
		assert.equal(displayPath(`${base}${path.sep}.${path.sep}c${path.sep}SKILL.md`, [base]), 'c/SKILL.md');
		assert.equal(displayPath(`${base}-other${path.sep}SKILL.md`, [base]), `${base}-other${path.sep}SKILL.md`);
		assert.equal(displayPath(path.join(base, 'x'), [`${base}${path.sep}`]), 'x');
	});

	test('takes the first base that holds the path, then the home folder, else the path as it is', () => {
		const inner = path.join(base, 'inner');
		assert.equal(displayPath(path.join(inner, 'SKILL.md'), [inner, base]), 'SKILL.md');
		assert.equal(displayPath(path.join(inner, 'SKILL.md'), [base, inner]), 'inner/SKILL.md');
		assert.equal(displayPath(path.resolve('/home/someone/.claude/skills/x/SKILL.md'), [base], path.resolve('/home/someone')), '~/.claude/skills/x/SKILL.md');
		assert.equal(displayPath(path.resolve('/elsewhere/SKILL.md'), [base]), path.resolve('/elsewhere/SKILL.md'));
	});
});
