import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { lintBody, lintInput, markdownlintInput, needsMarkdownlint, tableCells } from '../../src/core/rules/markdownlintRules';
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

/** Bodies on the edges of the compaction: containers, lazy lines, tables, labels and anchors across lines. */
const compactionEdges = [
	'- a\n  b\n\n      code\nfoo\n\n    | x | y |\n    |---|---|\n    | 1 |\n',
	'1. item\n   more words\n\n    | a | b |\n    |---|---|\n    | 1 |\n',
	'para\nmore\n| a | b |\n|---|---|\n| 1 | 2 |\n#Heading | x\n',
	'| a | b |\n|---|---|\n| 1 | 2 |\n#NoSpace\n',
	'| a | b |\n|---|---|\n| 1 | 2 |\nthree | cells | here\n',
	'Some words\nmore words\n---\n\n[x](#some-words-more-words)\n[y](#some-words)\n',
	'[foo\nbar baz][]\n\n[foo bar baz]: /x\n\n[missing\nlabel words][]\n',
	'> a\nb\n> #Heading\n\n> words\n>     code\n> | a | b |\n> |---|---|\n> | 1 |\n',
	'-     code\n  words\n\n  | a | b |\n  |---|---|\n  | 1 |\n',
	'words\n<a name="x"></a>\n\n[go](#x)\n[bad](#y)\n',
	'text `with\n[not](#link)` here\n\n# Real heading\n\n[ok](#real-heading) [bad](#real)\n',
	'# Title\n\nWords on a line\nand more words\n\n```bash\n#not a heading\n[x](#nowhere)\n```\n\n- item one\n- item two\n  carried on\n\n## Next\n\n[back](#title) [lost](#gone)\n',
	'- a\n\n\n  b\n\n  | a | b |\n  |---|---|\n  | 1 |\n',
	'* * *\nwords\n\n2024 was a year\nwith words\n#Tag\n',
	'\twords\n\tmore\n\n| a | b |\n|---|---|\n| 1 |\n',
];

/** The body of every fixture skill, the prefilters' edge cases and the compaction's. */
function allBodies(): string[][] {
	return [
		...filesBelow(fixtures, name => name.endsWith('.md')).map(file => {
			const lines = splitLines(fs.readFileSync(file, 'utf8'));
			return lines.slice(parseFrontmatter(lines).bodyStartLine - 1);
		}),
		...tricky.map(splitLines),
		...compactionEdges.map(splitLines),
	];
}

test('the markdownlint prefilters never hide a finding markdownlint would report', () => {
	const config = testConfig();
	const bodies = allBodies();
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

test('markdownlint given the compacted body reports exactly what it reports on the whole body, at the same lines', () => {
	const config = testConfig();
	let compacted = 0;
	for (const lines of allBodies()) {
		const body = scanBody(lines, 1);
		const input = markdownlintInput(body, config);
		const whole = lintBody(lines.join('\n'), config.markdownlint);
		assert.deepEqual(lintInput(input, config, lintBody), whole, `different findings for:\n${lines.join('\n').slice(0, 400)}\n--- given as:\n${input.text.slice(0, 400)}`);
		if (input.text.length < lines.join('\n').length / 2) {
			compacted++;
		}
	}
	assert.ok(compacted > 20, `only ${compacted} bodies were compacted to less than half`);
});

test('a body is given whole when a rule without a prefilter is on', () => {
	const body = scanBody(['# A', '', 'Some words', 'more words', '', '```', 'code', '```'], 1);
	assert.equal(markdownlintInput(body, testConfig({ markdownlint: { MD013: true } })).text, body.lines.join('\n'));
	assert.equal(markdownlintInput(body, testConfig()).text, '# A\n\na\n\n```\n```');
});
