import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { at, byRule, clean, expectFinding, findingsOf, none, single } from './support';

const description = 'description: Fills in PDF forms. Use when a PDF form must be completed.';

/** A SKILL.md in the folder `pdf-forms` with the given frontmatter lines and a short body. */
function pdfSkill(frontmatter: string, body = '\n# PDF forms\n\nRead the form, then fill each field.\n'): { folder: string; text: string } {
	return { folder: 'pdf-forms', text: `---\n${frontmatter}\n---\n${body}` };
}

describe('frontmatter-invalid', () => {
	test('fires on a file without frontmatter, pointing at its first line', () => {
		const findings = findingsOf({ folder: 'pdf-forms', text: '# PDF forms\n\nFill in the form.\n' });
		expectFinding(single(findings, 'frontmatter-invalid'), 'frontmatter-invalid', 'error', at(1, 1, 11), /no frontmatter: SKILL\.md must start with a `---` line/);
	});

	test('fires on frontmatter that is never closed', () => {
		const findings = findingsOf({ folder: 'pdf-forms', text: `---\nname: pdf-forms\n${description}\n\n# PDF forms\n\nFill in the form.\n` });
		expectFinding(single(findings, 'frontmatter-invalid'), 'frontmatter-invalid', 'error', at(1, 1, 3), /opened on line 1 is never closed by a `---` line/);
		none(findings, 'name-missing');
		none(findings, 'description-missing');
	});

	test('fires on an unquoted colon in a value, with the YAML error and its line', () => {
		const findings = findingsOf(pdfSkill('name: pdf-forms\ndescription: Use this skill when: a form arrives'));
		const finding = single(findings, 'frontmatter-invalid');
		expectFinding(finding, 'frontmatter-invalid', 'error', { line: 3, column: 33, endLine: 3, endColumn: 49 }, /not valid YAML: incomplete explicit mapping pair/);
		assert.match(finding.message, /\(line 3, column 33\)/);
	});

	test('fires on an alias to an anchor that is never defined, naming the alias', () => {
		const finding = single(findingsOf(pdfSkill('name: pdf-forms\ndescription: *shared-description')), 'frontmatter-invalid');
		assert.equal(finding.severity, 'error');
		assert.equal(finding.line, 3);
		assert.match(finding.message, /unidentified alias "shared-description"/);
	});

	test('fires on a duplicated key', () => {
		const finding = single(findingsOf(pdfSkill(`name: pdf-forms\nname: pdf-filler\n${description}`)), 'frontmatter-invalid');
		expectFinding(finding, 'frontmatter-invalid', 'error', at(3, 1, 16), /duplicated mapping key/);
	});

	test('fires on frontmatter that is a list, not a mapping', () => {
		const finding = single(findingsOf(pdfSkill('- pdf-forms\n- fills forms')), 'frontmatter-invalid');
		expectFinding(finding, 'frontmatter-invalid', 'error', at(2, 1, 11), /must be a mapping of keys to values/);
	});

	test('reports a byte-order mark as a warning and still reads the frontmatter', () => {
		const findings = findingsOf({ folder: 'pdf-forms', text: '\uFEFF' + pdfSkill(`name: pdf-forms\n${description}`).text });
		expectFinding(single(findings, 'frontmatter-invalid'), 'frontmatter-invalid', 'warning', at(1, 1, 1), /byte-order mark/);
		none(findings, 'name-missing');
		none(findings, 'hidden-unicode');
	});

	test('does not fire on a quoted colon, a comment, trailing spaces after `---` or a horizontal rule in the body', () => {
		const text = `---   \n# written by hand\nname: pdf-forms\ndescription: "Use when: a PDF form must be completed."\n---\n\n# PDF forms\n\nRead the form.\n\n---\n\nThen fill each field.\n`;
		clean(findingsOf({ folder: 'pdf-forms', text }));
	});
});

describe('name-missing', () => {
	test('fires without a name, pointing at the opening `---` and suggesting the folder name', () => {
		const findings = findingsOf(pdfSkill(description));
		expectFinding(single(findings, 'name-missing'), 'name-missing', 'error', at(1, 1, 3), /no `name`; add `name: pdf-forms`/);
	});

	test('fires on an empty name, pointing at the key', () => {
		const findings = findingsOf(pdfSkill(`name:\n${description}`));
		expectFinding(single(findings, 'name-missing'), 'name-missing', 'error', at(2, 1, 4), /no `name`/);
	});

	test('fires when the name is only under `metadata`', () => {
		const findings = findingsOf(pdfSkill(`${description}\nmetadata:\n  name: pdf-forms`));
		expectFinding(single(findings, 'name-missing'), 'name-missing', 'error', at(1, 1, 3), /no `name`/);
	});

	test('does not fire on a name written as a quoted string', () => {
		none(findingsOf(pdfSkill(`name: "pdf-forms"\n${description}`)), 'name-missing');
	});
});

describe('name-format', () => {
	test('fires on upper case and underscores, pointing at the value', () => {
		const findings = findingsOf(pdfSkill(`name: PDF_Forms\n${description}`));
		expectFinding(single(findings, 'name-format'), 'name-format', 'error', at(2, 7, 9), /name "PDF_Forms" may only contain lower-case letters `a-z`, digits `0-9` and single hyphens/);
		none(findings, 'name-mismatch');
	});

	test('fires on a name with a path separator', () => {
		const findings = findingsOf(pdfSkill(`name: ../evil\n${description}`));
		expectFinding(single(findings, 'name-format'), 'name-format', 'error', at(2, 7, 7), /contains a path separator or `\.\.`/);
	});

	test('fires on a leading or trailing hyphen', () => {
		expectFinding(single(findingsOf(pdfSkill(`name: -pdf-forms\n${description}`)), 'name-format'), 'name-format', 'error', at(2, 7, 10), /must not start or end with `-`/);
		expectFinding(single(findingsOf(pdfSkill(`name: pdf-forms-\n${description}`)), 'name-format'), 'name-format', 'error', at(2, 7, 10), /must not start or end with `-`/);
	});

	test('fires on a double hyphen', () => {
		expectFinding(single(findingsOf(pdfSkill(`name: pdf--forms\n${description}`)), 'name-format'), 'name-format', 'error', at(2, 7, 10), /must not contain `--`/);
	});

	test('fires on a name of 65 characters', () => {
		const name = 'a'.repeat(65);
		const findings = findingsOf({ folder: name, text: `---\nname: ${name}\n${description}\n---\nBody.\n` });
		expectFinding(single(findings, 'name-format'), 'name-format', 'error', at(2, 7, 65), /is 65 characters long; the limit is 64/);
	});

	test('fires on a name that is a number, pointing at the key', () => {
		const findings = findingsOf({ folder: '2024', text: `---\nname: 2024\n${description}\n---\nBody.\n` });
		expectFinding(single(findings, 'name-format'), 'name-format', 'error', at(2, 1, 4), /`name` must be a string, not number/);
	});

	test('does not fire on digits and single hyphens up to 64 characters', () => {
		const name = `pdf-forms-2-${'x'.repeat(52)}`;
		assert.equal(name.length, 64);
		clean(findingsOf({ folder: name, text: `---\nname: ${name}\n${description}\n---\nBody.\n` }));
	});
});

describe('name-mismatch', () => {
	test('fires when the name differs from the folder, as a warning on the value', () => {
		const findings = findingsOf(pdfSkill(`name: pdf-filler\n${description}`));
		expectFinding(single(findings, 'name-mismatch'), 'name-mismatch', 'warning', at(2, 7, 10), /name "pdf-filler" differs from its folder "pdf-forms"; the spec requires them to be equal/);
	});

	test('suggests renaming the folder when the folder name is the invalid one', () => {
		const findings = findingsOf({ folder: 'PDF Forms', text: `---\nname: pdf-forms\n${description}\n---\nBody.\n` });
		const finding = single(findings, 'name-mismatch');
		assert.match(finding.message, /the folder name may only contain lower-case letters.*rename the folder to "pdf-forms"/);
	});

	test('does not fire when name and folder are equal', () => {
		none(findingsOf(pdfSkill(`name: pdf-forms\n${description}`)), 'name-mismatch');
	});
});

describe('description-missing', () => {
	test('fires without a description, pointing at the opening `---`', () => {
		const findings = findingsOf(pdfSkill('name: pdf-forms'));
		expectFinding(single(findings, 'description-missing'), 'description-missing', 'error', at(1, 1, 3), /has no `description`: say what the skill does and when to use it/);
	});

	test('fires on an empty description, pointing at the key', () => {
		const findings = findingsOf(pdfSkill('name: pdf-forms\ndescription: ""'));
		expectFinding(single(findings, 'description-missing'), 'description-missing', 'error', at(3, 1, 11), /has an empty `description`/);
	});

	test('fires on a description that is a list', () => {
		const findings = findingsOf(pdfSkill('name: pdf-forms\ndescription: [fills, forms]'));
		expectFinding(single(findings, 'description-missing'), 'description-missing', 'error', at(3, 1, 11), /`description` is not text/);
	});

	test('does not fire on a folded block description', () => {
		none(findingsOf(pdfSkill('name: pdf-forms\ndescription: >\n  Fills in PDF forms.\n  Use when a PDF form must be completed.')), 'description-missing');
	});
});

describe('description-too-long', () => {
	const longText = (length: number) => ('Fills in PDF forms and checks every field. '.repeat(30)).slice(0, length - 1) + '.';

	test('fires on 1,025 characters, pointing at the value', () => {
		const findings = findingsOf(pdfSkill(`name: pdf-forms\ndescription: ${longText(1025)}`));
		expectFinding(single(findings, 'description-too-long'), 'description-too-long', 'error', at(3, 14, 1025), /the description is 1,025 characters; the limit is 1,024 and Codex skips skills over it/);
	});

	test('does not fire on exactly 1,024 characters', () => {
		none(findingsOf(pdfSkill(`name: pdf-forms\ndescription: ${longText(1024)}`)), 'description-too-long');
	});

	test('counts characters, not UTF-16 code units: 1,000 characters with emoji are within the limit', () => {
		const text = [...'Fills 📄 forms. '.repeat(70)].slice(0, 999).join('') + '.';
		assert.equal([...text].length, 1000);
		assert.ok(text.length > 1024);
		none(findingsOf(pdfSkill(`name: pdf-forms\ndescription: "${text}"`)), 'description-too-long');
	});
});

describe('compatibility-too-long', () => {
	const requirement = (length: number) => ('Requires Python 3.11, poppler-utils and network access. '.repeat(12)).slice(0, length - 1) + '.';

	test('fires on 501 characters, as a warning on the value', () => {
		const findings = findingsOf(pdfSkill(`name: pdf-forms\n${description}\ncompatibility: ${requirement(501)}`));
		expectFinding(single(findings, 'compatibility-too-long'), 'compatibility-too-long', 'warning', at(4, 16, 501), /`compatibility` is 501 characters; the spec allows 500/);
	});

	test('does not fire on 500 characters', () => {
		none(findingsOf(pdfSkill(`name: pdf-forms\n${description}\ncompatibility: ${requirement(500)}`)), 'compatibility-too-long');
	});
});

describe('unknown-field', () => {
	test('fires on a key no client knows, as info on the key', () => {
		const findings = findingsOf(pdfSkill(`name: pdf-forms\n${description}\ntags: [pdf, forms]`));
		expectFinding(single(findings, 'unknown-field'), 'unknown-field', 'info', at(4, 1, 4), /`tags` is not a field the default profile knows; move it under `metadata:` or remove it/);
	});

	test('reports each unknown key at its own line', () => {
		const findings = findingsOf(pdfSkill(`name: pdf-forms\nauthor: Ada\n${description}\ncategory: documents`));
		assert.deepEqual(byRule(findings, 'unknown-field').map(f => [f.line, f.column, f.endColumn]), [[3, 1, 7], [5, 1, 9]]);
	});

	test('does not fire on spec fields, client fields or lifecycle keys in the default profile', () => {
		const frontmatter = [
			'name: pdf-forms', description, 'license: MIT', 'compatibility: Requires poppler-utils.', 'allowed-tools: Read Bash(pdftk:*)',
			'argument-hint: <form.pdf>', 'user-invocable: true', 'disable-model-invocation: false', 'model: sonnet',
			'status: draft', 'priority: high', 'created_from: session about tax forms', `created: 2026-11-20`,
			'metadata:', '  owner: docs-team',
		].join('\n');
		clean(findingsOf(pdfSkill(frontmatter)));
	});
});
