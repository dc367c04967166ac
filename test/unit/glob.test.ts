import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { excludingPattern, globToRegExp } from '../../src/core/util/glob';

describe('globs as VS Code settings write them', () => {
	test('*, ?, **, braces and classes', () => {
		const cases: [string, string, boolean][] = [
			['**/skills/**', '/w/skills', true],
			['**/skills/**', '/w/skills/a/SKILL.md', true],
			['**/skills/**', '/w/my-skills/a/SKILL.md', false],
			['/w/skills/*/SKILL.md', '/w/skills/a/SKILL.md', true],
			['/w/skills/*/SKILL.md', '/w/skills/a/b/SKILL.md', false],
			['/w/a/**/b', '/w/a/b', true],
			['/w/a/**/b', '/w/a/x/y/b', true],
			['**/*.md', '/w/skills/a/SKILL.md', true],
			['**/skill?', '/w/skills', true],
			['**/{skills,agents}/**', '/w/agents/x', true],
			['**/[st]kills', '/w/skills', true],
			['**/[!st]kills', '/w/skills', false],
			['/w/a.b', '/w/aXb', false],
		];
		for (const [glob, file, expected] of cases) {
			assert.equal(globToRegExp(glob).test(file), expected, `${glob} on ${file}`);
		}
	});

	test('a root is excluded from watching when a pattern covers it or the skills in it, relative patterns against the workspace folders', () => {
		const folders = ['/w'];
		assert.equal(excludingPattern({ 'skills/**': true }, '/w/skills', folders), 'skills/**');
		assert.equal(excludingPattern({ '**/skills/**': true }, '/w/skills', folders), '**/skills/**');
		assert.equal(excludingPattern({ '**/SKILL.md': true }, '/w/.claude/skills', folders), '**/SKILL.md');
		assert.equal(excludingPattern({ '.claude': true }, '/w/.claude/skills', folders), '.claude', 'the watcher skips what is below an excluded folder');
		assert.equal(excludingPattern({ '/w': true }, '/w/skills', folders), undefined, 'the workspace folder itself is not a folder above the root');
		assert.equal(excludingPattern({ '/w/.claude/**': true }, '/w/.claude/skills', folders), '/w/.claude/**');
		assert.equal(excludingPattern({ 'skills/**': false, '**/.git/objects/**': true }, '/w/skills', folders), undefined);
		assert.equal(excludingPattern({ '**/skills/bulk-*/**': true }, '/w/skills', folders), undefined, 'a pattern on some folders of the root does not hide the root');
		assert.equal(excludingPattern({ 'skills/**': true }, '/home/me/.claude/skills', folders), undefined);
	});
});
