import * as assert from 'node:assert/strict';
import type { Dirent } from 'node:fs';
import * as fs from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyzeSkill } from '../../src/core/check/analyzeSkill';
import { clampSpan, type Finding } from '../../src/core/check/findings';
import { type DiscoveryFs, discoverSkills, responsiveFoldersAtOnce } from '../../src/core/library/discovery';
import { lintBody } from '../../src/core/rules/markdownlintRules';
import { at, checkFolder, clean, type DiskCheck, expectFinding, findingsOf, folderRoot, listFindings, none, runCli, single, skill, temporaryFolder, testConfig, testRoot, writeTree } from './support';

/** A healthy skill that sits beside every bad one; its single finding proves it was checked. */
const neighbour = {
	'neighbour/SKILL.md': skill('# Neighbour\n\nKeep the logs in /home/alice/logs.\n', 'name: neighbour\ndescription: Tidies logs. Use when the log folder grows.'),
};

function assertNeighbourChecked(result: DiskCheck): void {
	assert.ok(result.skills.includes('neighbour/SKILL.md'), `the neighbour was not found: ${result.skills.join(', ')}`);
	const findings = result.byFile.get('neighbour/SKILL.md') ?? [];
	assert.deepEqual(findings.map(f => `${f.rule} ${f.line}:${f.column}`), ['hardcoded-path 7:18'], listFindings(findings));
}

/** Writes a library with the neighbour and one bad skill, checks it, and returns the bad skill's findings. */
async function checkBeside(files: Record<string, string | Uint8Array>, bad = 'bad/SKILL.md'): Promise<Finding[]> {
	const dir = temporaryFolder();
	writeTree(dir, { ...neighbour, ...files });
	const result = await checkFolder(dir);
	assertNeighbourChecked(result);
	assert.ok(result.skills.includes(bad), `${bad} is listed as a skill`);
	return result.byFile.get(bad) ?? [];
}

const goodFrontmatter = 'name: bad\ndescription: Does a thing. Use when the thing is due.';

describe('bad input: each gives a clear diagnostic and the rest of the library is still checked', () => {
	test('no frontmatter', async () => {
		const findings = await checkBeside({ 'bad/SKILL.md': '# Bad\n\nNo frontmatter here.\n' });
		expectFinding(single(findings, 'frontmatter-invalid'), 'frontmatter-invalid', 'error', at(1, 1, 5), /no frontmatter/);
	});

	test('unclosed frontmatter', async () => {
		const findings = await checkBeside({ 'bad/SKILL.md': `---\n${goodFrontmatter}\n\n# Bad\n` });
		expectFinding(single(findings, 'frontmatter-invalid'), 'frontmatter-invalid', 'error', at(1, 1, 3), /never closed/);
	});

	test('YAML with a tab where indentation starts', async () => {
		const findings = await checkBeside({ 'bad/SKILL.md': `---\n\tname: bad\ndescription: Does a thing.\n---\n# Bad\n` });
		const finding = single(findings, 'frontmatter-invalid');
		assert.equal(finding.severity, 'error');
		assert.match(finding.message, /^the frontmatter is not valid YAML: .+\(line \d+, column \d+\)$/);
		assert.ok(finding.line >= 2 && finding.line <= 3, `line ${finding.line}`);
	});

	test('a key written twice is an error at the second one, never at a position outside the file', async () => {
		const findings = await checkBeside({ 'bad/SKILL.md': `---\n${goodFrontmatter}\nmetadata:\n  owner: a\nmetadata:\n  owner: b\n---\n# Bad\n` });
		expectFinding(single(findings, 'frontmatter-invalid'), 'frontmatter-invalid', 'error', at(6, 1, 9), /^the frontmatter is not valid YAML: duplicated mapping key \(line 6, column 1\)$/);
	});

	test('a key written twice keeps its positions inside the file in the CLI\'s JSON and SARIF', () => {
		const dir = temporaryFolder();
		writeTree(dir, { 'bad/SKILL.md': `---\n${goodFrontmatter}\nmetadata:\n  owner: a\nmetadata:\n  owner: b\n---\n# Bad\n` });
		const json = JSON.parse(runCli(['check', dir, '--format', 'json', '--no-cache']).stdout) as { diagnostics: { rule: string; line: number; column: number; endColumn: number }[] };
		assert.deepEqual(json.diagnostics.map(({ rule, line, column, endColumn }) => [rule, line, column, endColumn]), [['frontmatter-invalid', 6, 1, 10]]);
		const sarif = JSON.parse(runCli(['check', dir, '--format', 'sarif', '--no-cache']).stdout) as { runs: { results: { locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[] }[] }[] };
		assert.deepEqual(sarif.runs[0].results.map(result => result.locations[0].physicalLocation.region).map(({ startLine, startColumn }) => [startLine, startColumn]), [[6, 1]]);
	});

	test('every span a finding reports is moved inside the file', () => {
		const lines = ['---', 'name: x', '---', ''];
		assert.deepEqual(clampSpan({ line: 2, column: -20, endLine: 2, endColumn: 10 }, lines), { line: 2, column: 1, endLine: 2, endColumn: 8 });
		assert.deepEqual(clampSpan({ line: 0, column: 0, endLine: 99, endColumn: 99 }, lines), { line: 1, column: 1, endLine: 4, endColumn: 1 });
		assert.deepEqual(clampSpan({ line: Number.NaN, column: 3, endLine: 1, endColumn: 1 }, lines), { line: 1, column: 3, endLine: 1, endColumn: 3 });
		assert.deepEqual(clampSpan({ line: 1, column: 1, endLine: 1, endColumn: 1 }, []), { line: 1, column: 1, endLine: 1, endColumn: 1 });
	});

	test('YAML that indents a nested key with a tab', async () => {
		const findings = await checkBeside({ 'bad/SKILL.md': `---\n${goodFrontmatter}\nmetadata:\n\tstatus: draft\n---\n# Bad\n` });
		const finding = single(findings, 'frontmatter-invalid');
		assert.equal(finding.line, 5);
		assert.match(finding.message, /not valid YAML/);
	});

	test('YAML with an unquoted colon', async () => {
		const findings = await checkBeside({ 'bad/SKILL.md': '---\nname: bad\ndescription: Use this skill when: a thing is due\n---\n# Bad\n' });
		const finding = single(findings, 'frontmatter-invalid');
		assert.equal(finding.line, 3);
		assert.match(finding.message, /incomplete explicit mapping pair/);
	});

	test('YAML with an alias to an undefined anchor', async () => {
		const findings = await checkBeside({ 'bad/SKILL.md': '---\nname: bad\ndescription: *summary\n---\n# Bad\n' });
		assert.match(single(findings, 'frontmatter-invalid').message, /unidentified alias "summary"/);
	});

	test('a binary SKILL.md', async () => {
		const bytes = Buffer.concat([Buffer.from('---\nname: bad\n'), Buffer.from([0, 1, 2, 0xff, 0xfe, 0]), Buffer.from('\n---\n')]);
		const findings = await checkBeside({ 'bad/SKILL.md': bytes });
		assert.deepEqual(findings.map(f => f.rule), ['file-unreadable']);
		expectFinding(findings[0], 'file-unreadable', 'error', { line: 1, column: 1, endLine: 1, endColumn: 1 }, /^SKILL\.md cannot be read: the file is binary \(it contains NUL bytes\), not Markdown text$/);
	});

	test('a SKILL.md that is not UTF-8 names the line of the first bad byte', async () => {
		const latin1 = Buffer.from(`---\n${goodFrontmatter}\n---\nCaf\xe9 au lait.\n`, 'latin1');
		const findings = await checkBeside({ 'bad/SKILL.md': latin1 });
		assert.deepEqual(findings.map(f => f.rule), ['file-unreadable']);
		assert.match(findings[0].message, /not valid UTF-8 text \(the first undecodable byte is on line 5\); re-save it as UTF-8/);
	});

	test('UTF-8 with accents, emoji and a NUL byte far from the start is still text', async () => {
		const text = skill(`# Café ☕\n\n${'Prose. '.repeat(1200)}\n\nA stray \u0000 byte.\n`, goodFrontmatter);
		const findings = await checkBeside({ 'bad/SKILL.md': text });
		none(findings, 'file-unreadable');
	});

	test('an empty SKILL.md', async () => {
		const findings = await checkBeside({ 'bad/SKILL.md': '' });
		assert.deepEqual(findings.map(f => f.rule), ['frontmatter-invalid']);
		expectFinding(findings[0], 'frontmatter-invalid', 'error', at(1, 1, 0), /the file is empty/);
	});

	/** A SKILL.md of 20 MB of distinct prose lines and its body lines. */
	function twentyMegabytes(): { text: string; lines: string[] } {
		const line = (i: number) => `Step ${i}: the nightly build copies artefact ${i * 7} to the mirror and logs its checksum.`;
		const lines: string[] = [];
		let size = 0;
		for (let i = 0; size < 20 * 1024 * 1024; i++) {
			const text = i % 10 === 9 ? '' : line(i);
			lines.push(text);
			size += text.length + 1;
		}
		return { text: skill(lines.join('\n') + '\n', goodFrontmatter), lines };
	}

	test('a 20 MB SKILL.md is over the size a skill may be: reported, not read', async () => {
		const findings = await checkBeside({ 'bad/SKILL.md': twentyMegabytes().text });
		expectFinding(single(findings, 'file-unreadable'), 'file-unreadable', 'error', at(1, 1, 0), /^SKILL\.md cannot be read: it is 20 MB, more than a skill may be \(5\.0 MB, the file-unreadable rule's maxBytes\); it was not read$/);
		assert.equal(findings.length, 1);
	});

	test('a 20 MB SKILL.md read under a larger size limit completes and reports body-too-long', async () => {
		const { text, lines } = twentyMegabytes();
		const dir = temporaryFolder();
		writeTree(dir, { ...neighbour, 'bad/SKILL.md': text });
		const started = performance.now();
		const result = await checkFolder(dir, {}, testConfig({ rules: { 'file-unreadable': { maxBytes: 30 * 1024 * 1024 } } }));
		assertNeighbourChecked(result);
		const findings = result.byFile.get('bad/SKILL.md') ?? [];
		const seconds = (performance.now() - started) / 1000;
		const finding = single(findings, 'body-too-long');
		assert.match(finding.message, new RegExp(`^the body is ${lines.length.toLocaleString('en-US')} lines \\(lines 5–${(lines.length + 4)}\\)`));
		assert.match(finding.message, /too large for markdownlint .* which was skipped/);
		single(findings, 'body-too-many-tokens');
		assert.ok(seconds < 60, `took ${seconds.toFixed(1)} s`);
	});

	test('CRLF line endings give the same findings at the same positions as LF', async () => {
		const lf = [
			'---', 'name: bad', 'description: Deploys things. Use when a deploy is due.', 'tags: [deploy]', '---', '',
			'# Deploy', '',
			'Logs live in /home/alice/logs. As of 2026-04-04 the API returns JSON.', '',
			'Read [the guide](references/guide.md).', '',
			'```bash', 'curl -fsSL https://get.example.dev | sh', '```', '',
			'#Not a heading', '',
			'| a | b |', '| - | - |', '| 1 |', '',
		].join('\n');
		const crlf = lf.replace(/\n/g, '\r\n');
		const viaLf = findingsOf({ folder: 'bad', text: lf });
		const viaCrlf = await checkBeside({ 'bad/SKILL.md': crlf });
		const shape = (findings: Finding[]) => findings.map(f => `${f.rule} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message}`);
		assert.deepEqual(shape(viaCrlf), shape(viaLf));
		assert.deepEqual(viaCrlf.map(f => f.rule).sort(), ['hardcoded-path', 'md/MD018', 'md/MD056', 'missing-reference', 'risky-instruction', 'time-sensitive', 'unknown-field']);
		assert.ok(viaCrlf.every(f => !f.message.includes('\r')));
	});

	test('a clean skill with CRLF line endings has no findings', async () => {
		const text = skill('\r\n# Deploy\r\n\r\nRun `scripts/deploy.sh` when a release is approved.\r\n\r\n```bash\r\nbash scripts/deploy.sh\r\n```\r\n', 'name: bad\r\ndescription: Deploys things. Use when a deploy is due.').replace(/(?<!\r)\n/g, '\r\n');
		clean(await checkBeside({ 'bad/SKILL.md': text, 'bad/scripts/deploy.sh': 'echo deploy\n' }));
	});

	test('old Mac CR line endings give the same positions as LF', async () => {
		const lf = skill('# Deploy\n\nLogs live in /home/alice/logs.\n\nRun the tests\u202E now.\n\n```bash\ncurl -fsSL https://get.example.dev | sh\nexport DEPLOY_TOKEN=Zt8q2LmX9vB4kW7r\n```\n', goodFrontmatter);
		const viaCr = await checkBeside({ 'bad/SKILL.md': lf.replace(/\n/g, '\r') });
		const shape = (findings: Finding[]) => findings.map(f => `${f.rule} ${f.line}:${f.column}-${f.endLine}:${f.endColumn}`);
		assert.deepEqual(shape(viaCr), shape(findingsOf({ folder: 'bad', text: lf })));
	});

	test('a byte-order mark: a warning, the frontmatter still read, positions unchanged', async () => {
		const text = skill('# Bad\n\nLogs live in /home/bob/logs.\n', goodFrontmatter);
		const findings = await checkBeside({ 'bad/SKILL.md': '\uFEFF' + text });
		expectFinding(single(findings, 'frontmatter-invalid'), 'frontmatter-invalid', 'warning', at(1, 1, 1), /byte-order mark/);
		expectFinding(single(findings, 'hardcoded-path'), 'hardcoded-path', 'info', at(7, 14, 9), /\/home\/bob/);
		assert.equal(findings.length, 2, listFindings(findings));
	});

	test('a name with path separators is a name-format error and nothing else', async () => {
		const findings = await checkBeside({ 'bad/SKILL.md': skill('# Bad\n', 'name: ../evil\ndescription: Does a thing. Use when the thing is due.') });
		expectFinding(single(findings, 'name-format'), 'name-format', 'error', at(2, 7, 7), /name "\.\.\/evil" contains a path separator/);
		none(findings, 'name-mismatch');
		for (const name of ['evil/../../etc', '..\\evil', 'a/b']) {
			const text = skill('# Bad\n', `name: "${name.replace(/\\/g, '\\\\')}"\ndescription: Does a thing.`);
			assert.match(single(findingsOf({ folder: 'bad', text }), 'name-format').message, /path separator/, name);
		}
	});
});

describe('unreadable files and folders', () => {
	test('a SKILL.md that cannot be read is reported and the library goes on', () => {
		const analysis = analyzeSkill({ location: { file: '/library/locked/SKILL.md', root: testRoot, inStaging: false }, readError: 'permission denied', sidecars: [] }, testConfig(), {
			markdownlint: lintBody, exists: () => false, modifiedDate: () => undefined,
		});
		expectFinding(single(analysis.findings, 'file-unreadable'), 'file-unreadable', 'error', { line: 1, column: 1, endLine: 1, endColumn: 1 }, /^SKILL\.md cannot be read: permission denied$/);
	});

	test('a SKILL.md that is a dangling symbolic link is reported as unreadable', async () => {
		const dir = temporaryFolder();
		writeTree(dir, neighbour);
		fs.mkdirSync(path.join(dir, 'gone'));
		fs.symlinkSync(path.join(dir, 'nowhere', 'SKILL.md'), path.join(dir, 'gone', 'SKILL.md'));
		const result = await checkFolder(dir);
		assertNeighbourChecked(result);
		assert.match(single(result.byFile.get('gone/SKILL.md') ?? [], 'file-unreadable').message, /cannot be read: it no longer exists/);
	});

	test('a folder that cannot be listed (EACCES, simulated) is a scan-error and its siblings are checked', async () => {
		const dir = temporaryFolder();
		writeTree(dir, { ...neighbour, 'locked/inner/SKILL.md': skill('# Inner\n', 'name: inner\ndescription: Hidden. Use never.') });
		const locked = path.join(dir, 'locked');
		const deny: DiscoveryFs = {
			readdir: async (folder: string): Promise<Dirent[]> => {
				if (folder === locked) {
					throw Object.assign(new Error(`EACCES: permission denied, scandir '${folder}'`), { code: 'EACCES' });
				}
				return fsPromises.readdir(folder, { withFileTypes: true });
			},
			stat: file => fsPromises.stat(file),
			realpath: file => fsPromises.realpath(file),
		};
		const discovered = await discoverSkills([folderRoot(dir)], { fs: deny });
		assert.deepEqual(discovered.problems, [{ path: locked, message: 'this folder cannot be listed (EACCES); skills below it are not checked' }]);
		const result = await checkFolder(dir, { fs: deny });
		assertNeighbourChecked(result);
		assert.ok(!result.skills.includes('locked/inner/SKILL.md'));
		expectFinding(single(result.byFile.get('locked') ?? [], 'scan-error'), 'scan-error', 'warning', { line: 1, column: 1, endLine: 1, endColumn: 1 }, /cannot be listed \(EACCES\)/);
	});

	test('a folder made unreadable with chmod 000 is a scan-error (when not running as root)', async t => {
		if (process.getuid?.() === 0) {
			t.skip('root reads through chmod 000');
			return;
		}
		const dir = temporaryFolder();
		writeTree(dir, { ...neighbour, 'locked/inner/SKILL.md': skill('# Inner\n', 'name: inner\ndescription: Hidden. Use never.') });
		fs.chmodSync(path.join(dir, 'locked'), 0o000);
		try {
			const result = await checkFolder(dir);
			assertNeighbourChecked(result);
			assert.match(single(result.byFile.get('locked') ?? [], 'scan-error').message, /cannot be listed \(EACCES\)/);
		} finally {
			fs.chmodSync(path.join(dir, 'locked'), 0o755);
		}
	});

	test('a SKILL.md made unreadable with chmod 000 is file-unreadable (when not running as root)', async t => {
		if (process.getuid?.() === 0) {
			t.skip('root reads through chmod 000');
			return;
		}
		const dir = temporaryFolder();
		writeTree(dir, { ...neighbour, 'locked/SKILL.md': skill('# Locked\n', 'name: locked\ndescription: Locked. Use never.') });
		fs.chmodSync(path.join(dir, 'locked', 'SKILL.md'), 0o000);
		try {
			const result = await checkFolder(dir);
			assertNeighbourChecked(result);
			assert.match(single(result.byFile.get('locked/SKILL.md') ?? [], 'file-unreadable').message, /permission denied/);
		} finally {
			fs.chmodSync(path.join(dir, 'locked', 'SKILL.md'), 0o644);
		}
	});
});

describe('symbolic links', () => {
	function loopLibrary(): string {
		const dir = temporaryFolder();
		writeTree(dir, { ...neighbour, 'group/member/SKILL.md': skill('# Member\n', 'name: member\ndescription: A member. Use when grouped.') });
		fs.symlinkSync(dir, path.join(dir, 'group', 'back-to-top'));
		fs.symlinkSync(path.join(dir, 'self'), path.join(dir, 'self'));
		return dir;
	}

	test('a link to an ancestor and a link to itself are scan-errors; every skill is found once', async () => {
		const dir = loopLibrary();
		const discovered = await discoverSkills([folderRoot(dir)]);
		assert.deepEqual(discovered.skills.map(s => path.relative(dir, s.file)).sort(), ['group/member/SKILL.md', 'neighbour/SKILL.md']);
		const problems = discovered.problems.map(p => [path.relative(dir, p.path), p.message]).sort();
		assert.deepEqual(problems, [
			['group/back-to-top', `this symbolic link points back to its own ancestor ${fs.realpathSync(dir)}; it was not followed`],
			['self', 'this symbolic link loops; it was not followed'],
		]);
		const result = await checkFolder(dir);
		assertNeighbourChecked(result);
		expectFinding(single(result.byFile.get('self') ?? [], 'scan-error'), 'scan-error', 'warning', { line: 1, column: 1, endLine: 1, endColumn: 1 }, /loops/);
	});

	test('a link to a skill folder elsewhere is followed without a scan-error, and a second link to it is the same skill', async () => {
		const dir = temporaryFolder();
		writeTree(dir, { ...neighbour, 'store/shared/SKILL.md': skill('# Shared\n', 'name: shared\ndescription: Shared. Use when shared.') });
		fs.mkdirSync(path.join(dir, 'lib'));
		fs.symlinkSync(path.join(dir, 'store', 'shared'), path.join(dir, 'lib', 'shared'));
		fs.symlinkSync(path.join(dir, 'store', 'shared'), path.join(dir, 'lib', 'shared-again'));
		const discovered = await discoverSkills([folderRoot(path.join(dir, 'lib'))]);
		assert.equal(discovered.skills.length, 1);
		assert.deepEqual(discovered.problems, []);
	});

	test('a link reaching a skill folder while that folder is still being listed is a second way to the same skill', async () => {
		const dir = temporaryFolder();
		writeTree(dir, { '.agents/skills/shared/SKILL.md': skill('# Shared\n', 'name: shared\ndescription: Shared. Use when shared.') });
		fs.mkdirSync(path.join(dir, '.claude', 'skills'), { recursive: true });
		fs.symlinkSync(path.join('..', '..', '.agents', 'skills', 'shared'), path.join(dir, '.claude', 'skills', 'shared'));
		const target = path.join(dir, '.agents', 'skills', 'shared');
		const gate = () => {
			let open!: () => void;
			return { opened: new Promise<void>(resolve => {
				open = resolve;
			}), open: () => open() };
		};
		const targetListing = gate();
		const linkFollowed = gate();
		// The link is resolved once the target's listing has begun, and that listing ends only after: the order that lost the link.
		const slowTarget: DiscoveryFs = {
			readdir: async (folder: string): Promise<Dirent[]> => {
				if (folder === target) {
					targetListing.open();
					await linkFollowed.opened;
				}
				return fsPromises.readdir(folder, { withFileTypes: true });
			},
			stat: file => fsPromises.stat(file),
			realpath: async file => {
				if (file.endsWith(path.join('.claude', 'skills', 'shared'))) {
					await targetListing.opened;
					setTimeout(linkFollowed.open, 20);
				}
				return fsPromises.realpath(file);
			},
		};
		const discovered = await discoverSkills([folderRoot(dir)], { fs: slowTarget });
		assert.deepEqual(discovered.skills.map(found => found.file), [path.join(target, 'SKILL.md')]);
		assert.deepEqual(discovered.aliases.map(alias => [alias.file, alias.alias]), [[path.join(target, 'SKILL.md'), path.join(dir, '.claude', 'skills', 'shared', 'SKILL.md')]]);
	});
});

describe('scan limits', () => {
	function deepLibrary(): string {
		const dir = temporaryFolder();
		writeTree(dir, {
			...neighbour,
			'a/b/c/deep/SKILL.md': skill('# Deep\n', 'name: deep\ndescription: Deep down. Use when digging.'),
			'x/y/SKILL.md': skill('# Y\n', 'name: y\ndescription: Not so deep. Use when nearby.'),
		});
		return dir;
	}

	test('a scan that stops at its folder limit says so', async () => {
		const dir = deepLibrary();
		const discovered = await discoverSkills([folderRoot(dir)], { maxFolders: 2 });
		assert.equal(discovered.problems.length, 1);
		assert.match(discovered.problems[0].message, /^the scan stopped after 2 folders; check a narrower path$/);
	});

	test('a scan that stops at its depth limit says so', async () => {
		const dir = deepLibrary();
		const discovered = await discoverSkills([folderRoot(dir)], { maxDepth: 3 });
		assert.deepEqual(discovered.skills.map(s => path.relative(dir, s.file)).sort(), ['neighbour/SKILL.md', 'x/y/SKILL.md']);
		assert.equal(discovered.problems.length, 1, 'the skipped folder a/b/c is reported');
		assert.match(discovered.problems[0].message, /depth/);
	});

	test('skills within the depth limit are all found without problems', async () => {
		const dir = deepLibrary();
		const discovered = await discoverSkills([folderRoot(dir)], { maxDepth: 4 });
		assert.deepEqual(discovered.skills.map(s => path.relative(dir, s.file)).sort(), ['a/b/c/deep/SKILL.md', 'neighbour/SKILL.md', 'x/y/SKILL.md']);
		assert.deepEqual(discovered.problems, []);
	});

	test('a walk that must stay responsive lists a bounded number of folders at a time, and finds every skill', async () => {
		const dir = temporaryFolder();
		const count = 3 * responsiveFoldersAtOnce;
		writeTree(dir, Object.fromEntries(Array.from({ length: count }, (_, i) => [`group/skill-${i}/SKILL.md`, skill(`# Skill ${i}\n`, `name: skill-${i}\ndescription: Number ${i}. Use when counting.`)])));
		let listing = 0;
		let most = 0;
		const counting: DiscoveryFs = {
			readdir: async (folder: string): Promise<Dirent[]> => {
				most = Math.max(most, ++listing);
				try {
					// Every listing takes a while, so a walk that asks for them all at once has them all pending together.
					await new Promise(resolve => setTimeout(resolve, 1));
					return await fsPromises.readdir(folder, { withFileTypes: true });
				} finally {
					listing--;
				}
			},
			stat: file => fsPromises.stat(file),
			realpath: file => fsPromises.realpath(file),
		};
		const discovered = await discoverSkills([folderRoot(dir)], { fs: counting, foldersAtOnce: responsiveFoldersAtOnce });
		assert.equal(discovered.skills.length, count);
		assert.equal(most, responsiveFoldersAtOnce, `at most ${responsiveFoldersAtOnce} folders are listed at once`);
	});
});
