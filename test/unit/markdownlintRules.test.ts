import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { lintBody } from '../../src/core/rules/markdownlintRules';
import { parseFrontmatter } from '../../src/core/skill/frontmatter';
import { decodeSkillBytes } from '../../src/core/skill/skillText';
import { at, byRule, expectFinding, filesBelow, findingsOf, fixturesDir, none, single, skill, testConfig } from './support';


// skill('# Title\n\n<line>\n') puts <line> on file line 7.
const caseLine = 7;
const withLine = (line: string) => skill(`# Title\n\n${line}\n`);

describe('md (markdownlint)', () => {
	test('md/MD018 fires on a heading without its space, as a warning at the hash', () => {
		const findings = findingsOf({ text: withLine('#Missing space') });
		expectFinding(single(findings, 'md/MD018'), 'md/MD018', 'warning', at(caseLine, 1, 2), /^No space after hash on atx style heading \(MD018\/no-missing-space-atx\)$/);
	});

	test('md/MD019 fires on two spaces after the hashes', () => {
		const findings = findingsOf({ text: withLine('##  Two spaces') });
		expectFinding(single(findings, 'md/MD019'), 'md/MD019', 'warning', at(caseLine, 4, 1), /Multiple spaces after hash on atx style heading \(MD019/);
	});

	test('md/MD011 fires on reversed link syntax, quoting it', () => {
		const findings = findingsOf({ text: withLine('A reversed (link)[https://example.com].') });
		expectFinding(single(findings, 'md/MD011'), 'md/MD011', 'warning', at(caseLine, 12, 27), /Reversed link syntax: \(link\)\[https:\/\/example\.com\]/);
	});

	test('md/MD042 fires on an empty link', () => {
		const findings = findingsOf({ text: withLine('Read [the guide]() first.') });
		expectFinding(single(findings, 'md/MD042'), 'md/MD042', 'warning', at(caseLine, 6, 13), /No empty links \(MD042/);
	});

	test('md/MD051 fires on a link fragment that leads to no heading', () => {
		const findings = findingsOf({ text: withLine('See [setup](#installation).') });
		expectFinding(single(findings, 'md/MD051'), 'md/MD051', 'warning', at(caseLine, 5, 22), /Link fragments should be valid \(MD051/);
	});

	test('md/MD052 fires on a reference link without a definition, naming the label, even with no other markdownlint rule to run', () => {
		const findings = findingsOf({ text: withLine('An [undefined reference][nowhere] here.') });
		expectFinding(single(findings, 'md/MD052'), 'md/MD052', 'warning', at(caseLine, 4, 30), /Missing link or image reference definition: "nowhere"/);
	});

	test('md/MD056 fires on a table row with a missing cell', () => {
		const findings = findingsOf({ text: skill('# Title\n\n| flag | meaning |\n| - | - |\n| -v |\n') });
		expectFinding(single(findings, 'md/MD056'), 'md/MD056', 'warning', at(caseLine + 2, 6, 1), /Table column count: Expected: 2; Actual: 1/);
	});

	test('does not fire on valid fragments, defined references, shebangs and comments in code, or full tables', () => {
		const body = [
			'# Title', '',
			'Tag #hashtag inside a sentence.', '',
			'## Usage', '',
			'See [usage](#usage) and [the docs][docs].', '',
			'[docs]: https://example.com/docs', '',
			'```bash', '#!/usr/bin/env bash', '#comment', '```', '',
			'| flag | meaning |', '| - | - |', '| -v | verbose |', '| `a\\|b` | escaped pipe |',
		].join('\n');
		assert.deepEqual(findingsOf({ text: skill(body + '\n') }).filter(f => f.rule.startsWith('md/')), []);
	});

	test('follows a markdownlint configuration in markdownlint\'s own format', () => {
		const text = skill('# Title\n\n#Missing\n\n```\ncode\n```\n');
		const findings = findingsOf({ text }, testConfig({ markdownlint: { MD018: false, MD040: true } }));
		none(findings, 'md/MD018');
		assert.equal(single(findings, 'md/MD040').line, caseLine + 2);
	});

	test('takes its severity from `md`, and a single rule from `md/<rule>`', () => {
		const text = withLine('#Missing [empty]()');
		assert.equal(single(findingsOf({ text }, testConfig({ rules: { md: 'error' } })), 'md/MD018').severity, 'error');
		const oneOff = findingsOf({ text }, testConfig({ rules: { 'md/MD018': 'off' } }));
		none(oneOff, 'md/MD018');
		assert.equal(single(oneOff, 'md/MD042').severity, 'warning');
		const onlyOne = findingsOf({ text }, testConfig({ rules: { md: 'off', 'md/MD042': 'error' } }));
		assert.deepEqual(onlyOne.map(f => [f.rule, f.severity]), [['md/MD042', 'error']]);
		none(findingsOf({ text }, testConfig({ rules: { md: 'off' } })), 'md/MD018');
	});

	test('skips bodies larger than maxBytes', () => {
		none(findingsOf({ text: withLine('#Missing') }, testConfig({ rules: { md: { maxBytes: 10 } } })), 'md/MD018');
	});
});

/** Orders "line:column rule" entries by line, column, then rule. */
function inOrder(entries: string[]): string[] {
	const key = (entry: string) => entry.split(/[: ]/);
	return entries.sort((a, b) => {
		const [lineA, columnA, ruleA] = key(a);
		const [lineB, columnB, ruleB] = key(b);
		return Number(lineA) - Number(lineB) || Number(columnA) - Number(columnB) || (ruleA < ruleB ? -1 : ruleA > ruleB ? 1 : 0);
	});
}

/** Every markdownlint finding of the engine, as "line:column rule" in file coordinates. */
function engineMarkdown(text: string): string[] {
	return inOrder(findingsOf({ text }).filter(f => f.rule.startsWith('md/')).map(f => `${f.line}:${f.column} ${f.rule}`));
}

/** What markdownlint itself reports on the body with the same configuration, in file coordinates. */
function directMarkdown(text: string): string[] {
	const decoded = decodeSkillBytes(Buffer.from(text, 'utf8'));
	assert.ok(decoded.ok);
	const frontmatter = parseFrontmatter(decoded.value.lines);
	const body = decoded.value.lines.slice(frontmatter.bodyStartLine - 1);
	return inOrder(lintBody(body.join('\n'), testConfig().markdownlint).map(f => `${frontmatter.bodyStartLine + f.line - 1}:${f.index + 1} ${f.rule}`));
}

function corpusSkills(): string[] {
	return filesBelow(path.join(fixturesDir, 'corpora'), name => name === 'SKILL.md');
}

describe('md findings are exactly markdownlint\'s', () => {
	const tricky: Record<string, string> = {
		'a fence opened on a list item line': '# Steps\n\n- ```bash\n  echo hi\n  ```\n\n#Next step\n',
		'an undefined reference and nothing else to lint': '# Steps\n\nSee [the docs][nowhere].\n',
		'a fence indented four spaces': '# Steps\n\n    ```\n#Not in a fence\n',
		'a fence in a block quote': '# Steps\n\n> ```\n> #quoted\n> ```\n\n#After\n',
		'an HTML block': '# Steps\n\n<details>\n\n#Inside details\n\n</details>\n',
		'a table in a block quote': '# Steps\n\n> | a | b |\n> | - | - |\n> | 1 |\n',
		'a reference definition with an empty target': '# Steps\n\nSee [docs][d].\n\n[d]: <>\n',
		'a fragment link in an image': '# Steps\n\n![diagram](#missing)\n',
		'an unclosed fence': '# Steps\n\n```bash\n#!/bin/sh\n#comment\n',
		'a tilde fence closed by backticks': '# Steps\n\n~~~\n```\n#still code\n~~~\n\n#After\n',
	};
	for (const [name, body] of Object.entries(tricky)) {
		test(`on ${name}`, () => {
			const text = skill(body, 'name: my-skill\ndescription: Runs steps. Use when steps are due.');
			assert.deepEqual(engineMarkdown(text), directMarkdown(text));
		});
	}

	test('on every skill of the real corpora', () => {
		const files = corpusSkills();
		assert.equal(files.length, 26);
		for (const file of files) {
			const text = fs.readFileSync(file, 'utf8');
			assert.deepEqual(engineMarkdown(text), directMarkdown(text), file);
		}
	});

	test('reports what markdownlint reports, in order, for a body with one of each', () => {
		const body = ['# Title', '', '#One', '', '##  Two', '', '(x)[https://example.com]', '', '[e]()', '', '[f](#nowhere)', '', '[g][nowhere]', '', '| a | b |', '| - | - |', '| 1 |'].join('\n');
		assert.equal(byRule(findingsOf({ text: skill(body + '\n') }), 'md/MD018').length, 1);
		assert.deepEqual(engineMarkdown(skill(body + '\n')).map(entry => entry.split(' ')[1]), ['md/MD018', 'md/MD019', 'md/MD011', 'md/MD042', 'md/MD051', 'md/MD052', 'md/MD056']);
	});
});
