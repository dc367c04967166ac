import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { lintBody, needsMarkdownlint, tableCells } from '../../src/core/rules/markdownlintRules';
import { parseFrontmatter } from '../../src/core/skill/frontmatter';
import { scanBody } from '../../src/core/skill/markdownScan';
import { splitLines } from '../../src/core/skill/skillText';
import { filesBelow, testConfig } from './support';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');

/** Bodies chosen to sit on the edges of each prefilter. */
const tricky = [
	'| a | b |\n|---|---|\n| 1 | 2 | 3 |\n',
	'| a | b |\n|---|---|\n| 1 \\| 2 | 3 |\n',
	'| a | b |\n|---|---|\n| `x|y` | 3 |\n',
	'a | b\n--|--\n1\n',
	'> | a | b |\n> |---|---|\n> | 1 |\n',
	'- item\n\n  | a | b |\n  |---|---|\n  | 1 |\n',
	'#Heading\n',
	'> #Heading\n',
	'##  Two spaces\n',
	'[empty]()\n[hash](#)\n[angle](<>)\n',
	'[ref][missing]\n',
	'[frag](#nowhere)\n',
	'(reversed)[link]\n',
	'<div>\n```\n</div>\n\n#NotHeading\n',
	'    ```\n#Heading\n    ```\n',
	'```\n#NotHeading\n```\n',
	'1. step\n\n       ```bash\n       #comment\n       ```\n',
	'Text\n===\n\n#Bad\n',
];

test('the markdownlint prefilters never hide a finding markdownlint would report', () => {
	const config = testConfig();
	const bodies = [
		...filesBelow(fixtures, name => name.endsWith('.md')).map(file => {
			const lines = splitLines(fs.readFileSync(file, 'utf8'));
			return lines.slice(parseFrontmatter(lines).bodyStartLine - 1);
		}),
		...tricky.map(splitLines),
	];
	assert.ok(bodies.length > 40, `checked ${bodies.length} bodies`);
	let skipped = 0;
	for (const lines of bodies) {
		const body = scanBody(lines, 1);
		const text = lines.join('\n');
		const findings = lintBody(text, config.markdownlint);
		if (!needsMarkdownlint(body, config)) {
			skipped++;
			assert.deepEqual(findings, [], `markdownlint was skipped but finds something in:\n${text.slice(0, 300)}`);
		}
	}
	assert.ok(skipped > bodies.length / 3, `markdownlint was skipped for ${skipped} of ${bodies.length} bodies`);
});

test('table cells are counted the way GitHub splits rows', () => {
	assert.equal(tableCells('| a | b |'), 2);
	assert.equal(tableCells('a | b'), 2);
	assert.equal(tableCells('| a \\| b |'), 1);
	assert.equal(tableCells('| a \\\\| b |'), 2);
	assert.equal(tableCells('|---|:---:|---:|'), 3);
});

test('a rule enabled by alias or tag is never prefiltered away', () => {
	const config = testConfig({ markdownlint: { 'heading-increment': true } });
	assert.ok(needsMarkdownlint(scanBody(['# A', '', '### C'], 1), config), 'markdownlint still runs');
});
