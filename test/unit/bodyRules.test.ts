import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scaffoldSkill } from '../../src/core/skill/scaffold';
import { at, byRule, clean, expectFinding, findingsOf, none, proseLines, single, skill, testConfig } from './support';

// skill(body) puts the frontmatter on lines 1–4, so the body starts on line 5.
const bodyStart = 5;

/** A fenced block with `lines` lines of code between its fences. */
function fence(lines: number, lang = 'python'): string {
	return [`\`\`\`${lang}`, ...Array.from({ length: lines }, (_, i) => `value_${i} = compute(${i})`), '```'].join('\n');
}

/** A line of exactly `length` characters of ordinary prose. */
function denseLine(length: number, seed: number): string {
	return (`Record ${seed} is parsed, validated against the schema and written to the output table. `.repeat(Math.ceil(length / 60) + 1)).slice(0, length - 1) + '.';
}

describe('body-too-long', () => {
	test('fires on a body of 501 lines, pointing at its first line and giving its extent', () => {
		const findings = findingsOf({ text: skill(`# Release checklist\n${proseLines(500)}\n`) });
		const finding = single(findings, 'body-too-long');
		expectFinding(finding, 'body-too-long', 'warning', at(bodyStart, 1, 19), /the body is 501 lines \(lines 5–505\); keep it under 500/);
		assert.doesNotMatch(finding.message, /markdownlint/);
	});

	test('sits on the first heading, never on the blank line the body starts with', () => {
		const finding = single(findingsOf({ text: skill(`\n\n# Release checklist\n${proseLines(500)}\n`) }), 'body-too-long');
		assert.deepEqual([finding.line, finding.column, finding.endColumn], [bodyStart + 2, 1, 20]);
	});

	test('does not count the frontmatter: 500 body lines in a 504-line file pass', () => {
		const text = skill(`# Release checklist\n${proseLines(499)}\n`);
		assert.equal(text.split('\n').length - 1, 504);
		none(findingsOf({ text }), 'body-too-long');
	});

	test('honours the maxLines option', () => {
		const config = testConfig({ rules: { 'body-too-long': { maxLines: 40 } } });
		assert.match(single(findingsOf({ text: skill(`# Checklist\n${proseLines(40)}\n`) }, config), 'body-too-long').message, /41 lines .*keep it under 40/);
		none(findingsOf({ text: skill(`# Checklist\n${proseLines(39)}\n`) }, config), 'body-too-long');
	});
});

describe('body-too-many-tokens', () => {
	test('fires on dense prose of about 5,001 tokens that stays under the line cap', () => {
		// 19 lines of 999 characters and one of 1,003, each plus its line break: 20,004 characters.
		const lines = [...Array.from({ length: 19 }, (_, i) => denseLine(999, i)), denseLine(1003, 19)];
		const findings = findingsOf({ text: skill(lines.join('\n') + '\n') });
		expectFinding(single(findings, 'body-too-many-tokens'), 'body-too-many-tokens', 'warning', at(bodyStart, 1, 999), /the body is about 5,001 tokens; keep it under 5,000/);
		none(findings, 'body-too-long');
	});

	test('does not fire on exactly 5,000 tokens', () => {
		const lines = Array.from({ length: 20 }, (_, i) => denseLine(999, i));
		none(findingsOf({ text: skill(lines.join('\n') + '\n') }), 'body-too-many-tokens');
	});
});

describe('code-heavy', () => {
	test('fires when 60% of a 20-line body is one fenced block, once, on the body\'s first heading', () => {
		const body = `# Export\n\nRun the exporter:\n\n${fence(10, 'bash')}\n\nThen check the output.\nCompare the row counts.\nArchive the export.\n`;
		const findings = findingsOf({ text: skill(body) });
		assert.equal(body.split('\n').length - 1, 20);
		expectFinding(single(findings, 'code-heavy'), 'code-heavy', 'warning', at(bodyStart, 1, 8), /60% of the body \(12 of 20 lines\) is code in 1 fenced block: offload the code to `scripts\/`/);
		none(findings, 'long-code-block');
	});

	test('counts several blocks together', () => {
		const body = `# Export\n\n${fence(4, 'bash')}\n\n${fence(4, 'sql')}\n\nCheck the output.\n\n${fence(3, 'bash')}\n\nDone.\n`;
		const finding = single(findingsOf({ text: skill(body) }), 'code-heavy');
		assert.match(finding.message, /in 3 fenced blocks/);
	});

	test('does not fire just under half: 19 code lines in a 40-line body', () => {
		const body = `# Export\n\n${fence(17, 'bash')}\n\n${proseLines(18, 'Check')}\n`;
		assert.equal(body.split('\n').length - 1, 40);
		none(findingsOf({ text: skill(body) }), 'code-heavy');
	});

	test('does not judge bodies shorter than minLines', () => {
		none(findingsOf({ text: skill(`Run it:\n\n${fence(8, 'bash')}\n`) }), 'code-heavy');
	});
});

describe('long-code-block', () => {
	test('fires on a block of 20 lines on its opening fence alone, the rest of the block as related information', () => {
		const body = `# Fill forms\n\n${proseLines(30)}\n\n${fence(20)}\n\n${proseLines(10, 'Check')}\n`;
		const findings = findingsOf({ text: skill(body) });
		const open = bodyStart + 33;
		const finding = single(findings, 'long-code-block');
		expectFinding(finding, 'long-code-block', 'warning', { line: open, column: 1, endLine: open, endColumn: 10 }, /a python code block of 20 lines: move it to `scripts\/`/);
		assert.deepEqual(finding.related.map(related => [related.line, related.endLine, related.message]), [[open + 1, open + 21, 'the block\'s 20 lines, to its closing fence']]);
	});

	test('fires on a tilde fence without a language', () => {
		const body = `# Fill forms\n\n${proseLines(30)}\n\n${fence(25).replace(/^```python/, '~~~').replace(/```$/, '~~~')}\n`;
		const finding = single(findingsOf({ text: skill(body) }), 'long-code-block');
		assert.match(finding.message, /^a code block of 25 lines/);
	});

	test('does not fire on 19 lines', () => {
		none(findingsOf({ text: skill(`# Fill forms\n\n${proseLines(30)}\n\n${fence(19)}\n`) }), 'long-code-block');
	});
});

describe('dated-sections', () => {
	const dated = (count: number) => Array.from({ length: count }, (_, i) => `## Learned 2026-11-${String(10 + i).padStart(2, '0')}\n\nUse the v2 endpoint for batch ${i}.\n`).join('\n');

	test('fires on five dated sections, on the first, listing the others as related', () => {
		const findings = findingsOf({ text: skill(`# Deploys\n\nShip on green.\n\n${dated(5)}`) });
		const finding = single(findings, 'dated-sections');
		expectFinding(finding, 'dated-sections', 'warning', at(bodyStart + 4, 1, 21), /5 dated or lessons sections: .*move the log to `lessons\.md`/);
		assert.deepEqual(finding.related.map(related => [related.line, related.message]), [
			[bodyStart + 8, 'dated section "Learned 2026-11-11"'],
			[bodyStart + 12, 'dated section "Learned 2026-11-12"'],
			[bodyStart + 16, 'dated section "Learned 2026-11-13"'],
			[bodyStart + 20, 'dated section "Learned 2026-11-14"'],
		]);
	});

	test('counts lessons headings without dates', () => {
		const body = ['# Deploys', '## Lessons from the migration', 'a', '## Lessons about caching', 'b', '## Learnings', 'c', '## Lesson: pin versions', 'd', '## Learned the hard way', 'e'].join('\n\n');
		assert.match(single(findingsOf({ text: skill(body) }), 'dated-sections').message, /^5 dated or lessons sections/);
	});

	test('does not fire on four dated sections', () => {
		none(findingsOf({ text: skill(`# Deploys\n\n${dated(4)}`) }), 'dated-sections');
	});

	test('does not count dated headings inside a code block (an example changelog)', () => {
		none(findingsOf({ text: skill(`# Changelog format\n\n\`\`\`markdown\n${dated(5)}\`\`\`\n`) }), 'dated-sections');
	});
});

describe('empty-section', () => {
	test('the placeholders New Skill writes are each reported on their heading until written', () => {
		const text = scaffoldSkill({ name: 'summarizing-incidents', description: 'Summarizes incidents. Use when one is closed.', today: '2026-11-30', createdFrom: 'a test', placement: 'topLevel' });
		const findings = byRule(findingsOf({ text, folder: 'summarizing-incidents' }), 'empty-section');
		assert.deepEqual(findings.map(finding => finding.message), ['When to use', 'Key Workflows', 'Gotchas'].map(heading => `the section "${heading}" is empty: write what belongs under it, or remove the heading`));
		const lines = text.split('\n');
		for (const finding of findings) {
			assert.match(lines[finding.line - 1], /^## /, 'on the heading');
			assert.equal(finding.severity, 'warning');
		}
		const written = text.replace('## Gotchas\n', '## Gotchas\n\n- The timeline is in UTC.\n');
		assert.deepEqual(byRule(findingsOf({ text: written, folder: 'summarizing-incidents' }), 'empty-section').map(finding => lines[finding.line - 1]), ['## When to use', '## Key Workflows']);
	});

	test('a section holding only subsections, a title, or a last section with text is not empty; an empty last one is', () => {
		none(findingsOf({ text: skill('# Title\n\n## Setup\n\n### Linux\n\nRun it.\n') }), 'empty-section');
		none(findingsOf({ text: skill('# Title\n\n## Setup\n\nRun it.\n') }), 'empty-section');
		expectFinding(single(findingsOf({ text: skill('# Title\n\nIntro.\n\n## Notes\n\n') }), 'empty-section'), 'empty-section', 'warning', at(bodyStart + 4, 1, 8), /"Notes" is empty/);
		// A heading inside a fence is code, not a section.
		none(findingsOf({ text: skill('# Title\n\n```markdown\n## Example\n```\n') }), 'empty-section');
	});
});

describe('patch-section', () => {
	test('fires on a dated patch heading, spanning the heading line', () => {
		const findings = findingsOf({ text: skill('# Deploys\n\nUse the v1 endpoint.\n\n## Patch 2026-05-01\n\nUse the v2 endpoint instead.\n') });
		expectFinding(single(findings, 'patch-section'), 'patch-section', 'warning', at(bodyStart + 4, 1, 19), /"Patch 2026-05-01" patches earlier guidance: edit the original section in place/);
	});

	test('fires on Correction, Update: and Erratum headings', () => {
		const body = '# Deploys\n\nText.\n\n## Correction\n\nText.\n\n## Update: use v2\n\nText.\n\n### Erratum\n\nText.\n';
		assert.deepEqual(byRule(findingsOf({ text: skill(body) }), 'patch-section').map(f => f.line), [bodyStart + 4, bodyStart + 8, bodyStart + 12]);
	});

	test('does not fire on headings that merely start with an action word', () => {
		const body = '# Deploys\n\n## Update the lockfile\n\nText.\n\n## Fixing flaky tests\n\nText.\n\n## Notes\n\nText.\n\n## Note\n\nText.\n\n## Patching binaries\n\nText.\n';
		none(findingsOf({ text: skill(body) }), 'patch-section');
	});

	test('does not fire on hyphenated compounds such as "Note-taking" or "Fixed-width"', () => {
		const body = '# Notes\n\n## Note-taking workflow\n\nText.\n\n## Fixed-width tables\n\nText.\n';
		none(findingsOf({ text: skill(body) }), 'patch-section');
	});
});

test('a realistic, well-kept skill body has no findings at all', () => {
	const body = [
		'# Filling PDF forms', '',
		'Read `reference.md` when a field type is unfamiliar.', '',
		'## Steps', '',
		'1. Extract the fields with `scripts/fields.py`.', '2. Fill them.', '3. Check the output.', '',
		'```bash', 'python scripts/fields.py form.pdf', '```', '',
		'## Gotchas', '',
		'- Checkboxes take `/Yes`, not `true`.',
	].join('\n');
	clean(findingsOf({ text: skill(body + '\n'), sidecars: ['reference.md', 'scripts/', 'scripts/fields.py'] }));
});
