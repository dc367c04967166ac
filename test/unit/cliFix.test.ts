import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { buildSampleWorkspace } from '../../scripts/sampleWorkspace';
import { runCli, temporaryFolder } from './support';

/** A copy of the sample library to fix. */
function sampleLibrary(): string {
	return buildSampleWorkspace(temporaryFolder('fix-'));
}

/** Every file below a folder with its content, to compare before and after. */
function snapshot(dir: string): Map<string, string> {
	const files = new Map<string, string>();
	const walk = (folder: string) => {
		for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
			const full = path.join(folder, entry.name);
			if (entry.isDirectory()) {
				walk(full);
			} else {
				files.set(path.relative(dir, full), fs.readFileSync(full, 'latin1'));
			}
		}
	};
	walk(dir);
	return files;
}

const apiClient = path.join('.agents', 'skills', 'api-client');

describe('skill-distiller fix', () => {
	test('--dry-run prints unified diffs, including new files, and writes nothing', () => {
		const dir = sampleLibrary();
		const before = snapshot(dir);
		const run = runCli(['fix', '--dry-run', '--suggested', '--no-cache'], dir);
		assert.equal(run.status, 1, 'the broken frontmatter stays an error');
		assert.match(run.stdout, /\.agents\/skills\/api-client\/SKILL\.md\n {2}would fix long-code-block: Offload to scripts\/client\.py/);
		assert.match(run.stdout, /--- \/dev\/null\n\+\+\+ b\/\.agents\/skills\/api-client\/scripts\/client\.py\n@@ -0,0 \+1,30 @@\n\+import time/);
		assert.match(run.stdout, /-```python\n/);
		assert.match(run.stdout, /\+Import `BillingClient` from `scripts\/client\.py` instead of writing it again\./);
		assert.match(run.stdout, /would apply \d+ fixes in \d+ skills/);
		assert.deepEqual(snapshot(dir), before, 'nothing was written');
	});

	test('writes the fixes, and a second run has nothing to do', () => {
		const dir = sampleLibrary();
		const run = runCli(['fix', '--suggested', '--no-cache'], dir);
		assert.match(run.stdout, /created \.agents\/skills\/api-client\/scripts\/client\.py/);
		assert.match(fs.readFileSync(path.join(dir, apiClient, 'scripts', 'client.py'), 'utf8'), /^import time\n/);
		assert.match(fs.readFileSync(path.join(dir, apiClient, 'SKILL.md'), 'utf8'), /Import `BillingClient` from `scripts\/client\.py`/);
		assert.match(fs.readFileSync(path.join(dir, '.claude', 'skills', 'release-notes', 'SKILL.md'), 'utf8'), /\n\$HOME\/tools\/release\.sh 2\.4\.0\n/);
		const after = snapshot(dir);
		const again = runCli(['fix', '--suggested', '--no-cache'], dir);
		assert.match(again.stdout, /^nothing to fix; /m);
		assert.deepEqual(snapshot(dir), after, 'the second run changes nothing');
		const check = JSON.parse(runCli(['check', '--format', 'json', '--no-cache'], dir).stdout) as { diagnostics: { rule: string }[] };
		assert.ok(!check.diagnostics.some(finding => ['long-code-block', 'hardcoded-path', 'name-format'].includes(finding.rule)));
	});

	test('--rule fixes only the rules named; --format json lists fixes and files', () => {
		const dir = sampleLibrary();
		const run = runCli(['fix', '--rule', 'hardcoded-path', '--format', 'json', '--no-cache'], dir);
		const report = JSON.parse(run.stdout) as { dryRun: boolean; fixes: { file: string; rule: string; title: string }[]; files: { file: string; action: string }[]; summary: { fixes: number; errors: number } };
		assert.equal(report.dryRun, false);
		assert.deepEqual(report.fixes, [{ file: '.claude/skills/release-notes/SKILL.md', rule: 'hardcoded-path', title: 'Replace /home/alice with $HOME' }]);
		assert.deepEqual(report.files, [{ file: '.claude/skills/release-notes/SKILL.md', action: 'modify' }]);
		assert.ok(!fs.existsSync(path.join(dir, apiClient, 'scripts')), 'other fixes were not applied');
		assert.ok(report.summary.errors >= 1);
	});

	test('a rule without a fix, or no such rule, is a usage error', () => {
		const unknown = runCli(['fix', '--rule', 'no-such-rule', '--no-cache'], sampleLibrary());
		assert.equal(unknown.status, 2);
		assert.match(unknown.stderr, /--rule no-such-rule: no such rule/);
		const unfixable = runCli(['fix', '--rule', 'secret', '--no-cache'], sampleLibrary());
		assert.equal(unfixable.status, 2);
		assert.match(unfixable.stderr, /this rule has no automatic fix/);
	});

	test('exits 0 when the fixes leave no error', () => {
		const dir = sampleLibrary();
		// The two skills whose frontmatter no fix can repair.
		for (const broken of ['broken-frontmatter', 'repeated-key']) {
			fs.rmSync(path.join(dir, '.github', 'skills', broken), { recursive: true });
		}
		const run = runCli(['fix', '--suggested', '--no-cache'], dir);
		assert.equal(run.status, 0, run.stdout + run.stderr);
	});

	test('without --suggested only the safe fixes run, and the suggested ones are counted, not applied', () => {
		const dir = sampleLibrary();
		const run = runCli(['fix', '--no-cache'], dir);
		assert.match(run.stdout, /fixed hardcoded-path: Replace \/home\/alice with \$HOME/);
		assert.doesNotMatch(run.stdout, /long-code-block/);
		assert.ok(!fs.existsSync(path.join(dir, apiClient, 'scripts', 'client.py')), 'no offload was written');
		assert.match(run.stdout, /\d+ findings have a suggested fix, never applied unasked: run fix with --suggested or --rule <id>/);
		const json = JSON.parse(runCli(['fix', '--dry-run', '--format', 'json', '--no-cache'], dir).stdout) as { fixes: unknown[]; summary: { suggested: number } };
		assert.deepEqual(json.fixes, [], 'the safe fixes are all applied already');
		assert.ok(json.summary.suggested > 0);
		const named = runCli(['fix', '--rule', 'long-code-block', '--format', 'json', '--no-cache'], dir);
		assert.ok((JSON.parse(named.stdout) as { fixes: { rule: string }[] }).fixes.every(fix => fix.rule === 'long-code-block'));
		assert.ok(fs.existsSync(path.join(dir, apiClient, 'scripts', 'client.py')), 'naming the rule applies its suggested fix');
	});

	test('--dry-run --diff prints only a unified diff that git apply accepts, and writes nothing', () => {
		const dir = sampleLibrary();
		const before = snapshot(dir);
		const run = runCli(['fix', '--dry-run', '--diff', '--suggested', '--no-cache'], dir);
		assert.equal(run.stderr, '');
		assert.match(run.stdout, /^--- (a\/|\/dev\/null)/);
		assert.ok(run.stdout.split('\n').filter(Boolean).every(line => /^(--- |\+\+\+ |@@ |[ +\-\\])/.test(line)), run.stdout);
		assert.deepEqual(snapshot(dir), before, 'nothing was written');
		const check = spawnSync('git', ['apply', '--check', '-'], { cwd: dir, input: run.stdout, encoding: 'utf8' });
		assert.equal(check.status, 0, check.stderr);
		assert.equal(runCli(['fix', '--diff', '--format', 'json', '--no-cache'], dir).status, 2);
	});

	test('--dry-run --diff prints nothing when there is nothing to fix', () => {
		const dir = temporaryFolder('fix-clean-');
		fs.mkdirSync(path.join(dir, 'clean'));
		fs.writeFileSync(path.join(dir, 'clean', 'SKILL.md'), '---\nname: clean\ndescription: Cleans. Use when cleaning.\n---\n# Clean\n');
		assert.equal(runCli(['fix', '--dry-run', '--diff', '--no-cache'], dir).stdout, '');
	});
});
