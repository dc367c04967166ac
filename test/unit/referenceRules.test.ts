import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { at, byRule, checkFolder, clean, expectFinding, findingsOf, none, single, skill, temporaryFolder, writeTree } from './support';

const bodyStart = 5;

describe('hardcoded-path', () => {
	test('fires on a Linux home path, as info on the home part', () => {
		const findings = findingsOf({ text: skill('# Logs\n\nLogs live in /home/alice/app/logs.\n') });
		expectFinding(single(findings, 'hardcoded-path'), 'hardcoded-path', 'info', at(bodyStart + 2, 14, 11), /`\/home\/alice` is a path on one person's machine: use `\$HOME`/);
	});

	test('fires on macOS, Windows and root home paths, in code as well as prose', () => {
		const body = [
			'# Logs', '',
			'```bash', 'tail -f /Users/bob/Library/Logs/app.log', '```', '',
			'On Windows open C:\\Users\\carol\\AppData\\Local\\app.', '',
			'The service keeps its key in /root/.config/app.',
		].join('\n');
		const found = byRule(findingsOf({ text: skill(body + '\n') }), 'hardcoded-path').map(f => [f.line, f.column, f.message.match(/^`([^`]+)`/)?.[1]]);
		assert.deepEqual(found, [
			[bodyStart + 3, 9, '/Users/bob'],
			[bodyStart + 6, 17, 'C:\\Users\\carol'],
			[bodyStart + 8, 30, '/root'],
		]);
	});

	test('does not fire on $HOME, ~, variables, placeholders or URLs that contain /Users/', () => {
		const body = [
			'# Logs', '',
			'Logs live in $HOME/app/logs or ~/app/logs.', '',
			'On shared hosts use /home/$USER/app and /home/<user>/app.', '',
			'See https://example.com/Users/guide for details.', '',
			'On Windows use %USERPROFILE%\\AppData or C:\\Users\\%USERNAME%\\AppData.',
		].join('\n');
		none(findingsOf({ text: skill(body + '\n') }), 'hardcoded-path');
	});
});

describe('missing-reference', () => {
	test('fires on a Markdown link to a sidecar that does not exist, on the link target', () => {
		const findings = findingsOf({ text: skill('# Forms\n\nRead [the form guide](references/forms.md) for field types.\n') });
		expectFinding(single(findings, 'missing-reference'), 'missing-reference', 'warning', at(bodyStart + 2, 23, 19), /`references\/forms\.md` does not exist in the skill folder/);
	});

	test('fires on a sidecar path written in inline code', () => {
		const findings = findingsOf({ text: skill('# Forms\n\nRun `scripts/fill.py` to fill the form; log lessons in `lessons.md`.\n') });
		assert.deepEqual(byRule(findings, 'missing-reference').map(f => [f.column, f.endColumn, f.message]), [
			[6, 21, '`scripts/fill.py` does not exist in the skill folder'],
			[57, 67, '`lessons.md` does not exist in the skill folder'],
		]);
	});

	test('fires on a link that leaves the skill folder to a file that does not exist', () => {
		const findings = findingsOf({ text: skill('# Forms\n\nSee [the glossary](../shared/glossary.md).\n') });
		assert.match(single(findings, 'missing-reference').message, /`\.\.\/shared\/glossary\.md` does not exist/);
	});

	test('does not fire on existing sidecars, web links, anchors, `./` paths, encoded spaces or links inside code blocks', () => {
		const body = [
			'# Forms', '',
			'## Usage', '',
			'Read [the guide](references/forms.md "Form guide"), [the template](./assets/form%20template.pdf) and `scripts/fill.py`.', '',
			'See [the spec](https://example.com/spec.md), [usage](#usage) and [mail](mailto:forms@example.com).', '',
			'```markdown', '[an example](references/not-here.md)', '```',
		].join('\n');
		const sidecars = ['references/', 'references/forms.md', 'assets/', 'assets/form template.pdf', 'scripts/', 'scripts/fill.py'];
		none(findingsOf({ text: skill(body + '\n'), sidecars }), 'missing-reference');
	});
});

describe('deep-reference', () => {
	test('fires on an existing file two folders below SKILL.md, suggesting one level', () => {
		const sidecars = ['scripts/', 'scripts/utils/', 'scripts/utils/pdf.py'];
		const findings = findingsOf({ text: skill('# Forms\n\nThe helper is [pdf.py](scripts/utils/pdf.py).\n'), sidecars });
		expectFinding(single(findings, 'deep-reference'), 'deep-reference', 'warning', at(bodyStart + 2, 24, 20), /`scripts\/utils\/pdf\.py` is 2 folders below SKILL\.md; keep references one level deep \(e\.g\. `scripts\/pdf\.py`\)/);
		none(findings, 'missing-reference');
	});

	test('does not fire on a file one level deep', () => {
		const findings = findingsOf({ text: skill('# Forms\n\nRun `scripts/pdf.py` when a form arrives.\n'), sidecars: ['scripts/', 'scripts/pdf.py'] });
		none(findings, 'deep-reference');
		none(findings, 'missing-reference');
	});
});

describe('references checked against the files on disk', () => {
	test('a link to an existing file three folders down is deep, not missing', async () => {
		const dir = temporaryFolder();
		writeTree(dir, {
			'forms/SKILL.md': skill('# Forms\n\nSee [the v2 endpoints](references/api/v2/endpoints.md).\n', 'name: forms\ndescription: Fills forms. Use when a form arrives.'),
			'forms/references/api/v2/endpoints.md': '# Endpoints\n',
		});
		const findings = (await checkFolder(dir)).byFile.get('forms/SKILL.md') ?? [];
		none(findings, 'missing-reference');
		assert.match(single(findings, 'deep-reference').message, /is 3 folders below SKILL\.md/);
	});

	test('a link into a sidecar folder that is a symbolic link is not missing', async () => {
		const dir = temporaryFolder();
		writeTree(dir, {
			'lib/forms/SKILL.md': skill('# Forms\n\nSee [the glossary](shared/glossary.md).\n', 'name: forms\ndescription: Fills forms. Use when a form arrives.'),
			'common/glossary.md': '# Glossary\n',
		});
		fs.symlinkSync(path.join(dir, 'common'), path.join(dir, 'lib', 'forms', 'shared'));
		none((await checkFolder(path.join(dir, 'lib'))).byFile.get('forms/SKILL.md') ?? [], 'missing-reference');
	});

	test('a link to an existing sidecar one level down is found on disk', async () => {
		const dir = temporaryFolder();
		writeTree(dir, {
			'forms/SKILL.md': skill('# Forms\n\nSee [the guide](references/forms.md) and run `scripts/fill.py`.\n', 'name: forms\ndescription: Fills forms. Use when a form arrives.'),
			'forms/references/forms.md': '# Guide\n',
			'forms/scripts/fill.py': 'print("fill")\n',
		});
		clean((await checkFolder(dir)).byFile.get('forms/SKILL.md') ?? []);
	});
});
