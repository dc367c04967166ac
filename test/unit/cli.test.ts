import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ruleCatalog, ruleMeta } from '../../src/core/rules/catalog';
import { cliPath, type CliRun, fixturesDir, repoRoot, runCli, skill, temporaryFolder, writeTree } from './support';

/** Runs `skill-distiller check` without ever touching the user's cache. */
function check(...args: string[]): CliRun {
	const cacheArgs = args.includes('--cache-location') ? [] : ['--no-cache'];
	return runCli(['check', ...args, ...cacheArgs]);
}

interface JsonReport {
	skills: { path: string; name: string | null; status: string; diagnostics: number }[];
	diagnostics: { file: string; line: number; column: number; endLine: number; endColumn: number; rule: string; severity: string; message: string; related: { file: string; line: number }[] }[];
	summary: { skills: number; errors: number; warnings: number; infos: number; suppressed: { total: number; inline: number; config: number; byRule: Record<string, number> }; elapsedMs: number };
}

function json(run: CliRun): JsonReport {
	assert.equal(run.stderr, '', run.stderr);
	return JSON.parse(run.stdout) as JsonReport;
}

before(() => {
	assert.ok(fs.existsSync(cliPath), `${cliPath} is missing: run \`npm run build\` before the unit tests`);
});

describe('exit codes', () => {
	test('0 for a clean library, with the no-problems summary', () => {
		const run = check('libraries/clean');
		assert.equal(run.status, 0, run.stderr);
		assert.match(run.stdout, /^✔ no problems in 2 skills \(\d+\.\d\d s\)\n$/);
	});

	test('1 for a library with an error finding', () => {
		const run = check('libraries/problems');
		assert.equal(run.status, 1, run.stderr);
	});

	test('0 when there are warnings but no errors', () => {
		assert.equal(check('libraries/problems/pdf-forms/SKILL.md').status, 0);
	});

	test('1 when the configuration turns a warning into an error', () => {
		const run = check('libraries/problems/pdf-forms/SKILL.md', '--config', 'configs/duplicates-are-errors.json', '--format', 'json');
		assert.equal(run.status, 1);
		assert.deepEqual(json(run).diagnostics.map(d => [d.rule, d.severity]), [['duplicate-description', 'error']]);
	});

	const usageErrors: [string, string[], RegExp][] = [
		['an unknown flag', ['libraries/clean', '--bogus'], /Unknown option '--bogus'/],
		['a bad --format', ['libraries/clean', '--format', 'xml'], /--format must be text, json or sarif, not "xml"/],
		['a missing path', ['libraries/does-not-exist'], /no such file or folder: libraries\/does-not-exist/],
		['a file that is not a SKILL.md', ['configs/strict.json'], /configs\/strict\.json is neither a folder nor a SKILL\.md/],
		['a bad --profile', ['libraries/clean', '--profile', 'cursor'], /--profile must be one of default, claude-code, codex, vscode-copilot, strict, not "cursor"/],
		['a configuration file that is not JSON', ['libraries/clean', '--config', 'configs/invalid-json.json'], /configs\/invalid-json\.json is not valid JSON/],
		['a configuration file with an unknown rule', ['libraries/clean', '--config', 'configs/unknown-rule.json'], /unknown rule "name-formats"/],
		['a configuration file that does not exist', ['libraries/clean', '--config', 'configs/nope.json'], /cannot read the configuration file .*nope\.json/],
		['a bad --workers', ['libraries/clean', '--workers', '0'], /--workers must be a whole number of at least 1, not "0"/],
	];
	for (const [what, args, message] of usageErrors) {
		test(`2 for ${what}, with the reason on stderr and nothing on stdout`, () => {
			const run = check(...args);
			assert.equal(run.status, 2, `${run.stdout}\n${run.stderr}`);
			assert.match(run.stderr, /^skill-distiller: /);
			assert.match(run.stderr, message);
			assert.equal(run.stdout, '');
		});
	}

	test('2 for an unknown command, and for no command at all', () => {
		const unknown = runCli(['lint', 'libraries/clean']);
		assert.equal(unknown.status, 2);
		assert.match(unknown.stderr, /unknown command "lint"/);
		const none = runCli([]);
		assert.equal(none.status, 2);
		assert.match(none.stdout, /^Usage: skill-distiller <command> \[options\]/);
	});

	test('0 for --help and --version', () => {
		const help = runCli(['--help']);
		assert.equal(help.status, 0);
		assert.match(help.stdout, /Exit codes: 0 no error findings, 1 error findings, 2 usage error/);
		const version = runCli(['--version']);
		assert.equal(version.status, 0);
		assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
	});
});

describe('text output', () => {
	test('groups findings by file with position, severity, message and rule, then a summary line', () => {
		const run = check('libraries/problems');
		const lines = run.stdout.split('\n');
		assert.equal(lines[0], 'libraries/problems/broken-yaml/SKILL.md');
		assert.match(lines[1], /^ {2}3:33 {5}error {4}the frontmatter is not valid YAML: incomplete explicit mapping pair.* {2}frontmatter-invalid$/);
		assert.ok(lines.includes('libraries/problems/deploy-service/SKILL.md'));
		assert.ok(lines.some(line => /^ {2}11:1 {5}warning {2}this line pipes a download straight into an interpreter: .* {2}risky-instruction$/.test(line)));
		assert.ok(lines.some(line => /^ +↳ libraries\/problems\/pdf-forms\/SKILL\.md:3 near-identical description$/.test(line)));
		assert.match(run.stdout, /\n✖ 6 problems \(1 error, 4 warnings, 1 info\) in 5 skills \(\d+\.\d\d s\)\n$/);
		assert.ok(!run.stdout.includes('\u001b['), 'no colour codes when NO_COLOR is set');
	});

	test('--profile strict switches the profile for the run', () => {
		const strict = check('libraries/lifecycle', '--profile', 'strict', '--format', 'json');
		assert.deepEqual(json(strict).diagnostics.map(d => [d.rule, d.severity, d.line]), [
			['unknown-field', 'warning', 4], ['unknown-field', 'warning', 5], ['unknown-field', 'warning', 6], ['unknown-field', 'warning', 7],
		]);
		assert.deepEqual(json(check('libraries/lifecycle', '--format', 'json')).diagnostics, []);
		assert.equal(json(check('libraries/lifecycle', '--config', 'configs/strict.json', '--format', 'json')).diagnostics.length, 4);
	});
});

describe('--format json', () => {
	test('has exactly the documented shape', () => {
		const run = check('libraries/problems', '--format', 'json');
		assert.equal(run.status, 1);
		const report = json(run);
		assert.deepEqual(Object.keys(report), ['skills', 'diagnostics', 'summary']);
		for (const skillEntry of report.skills) {
			assert.deepEqual(Object.keys(skillEntry), ['path', 'name', 'status', 'diagnostics']);
			assert.equal(typeof skillEntry.path, 'string');
			assert.ok(skillEntry.name === null || typeof skillEntry.name === 'string');
			assert.ok(['proposed', 'draft', 'stable'].includes(skillEntry.status));
			assert.equal(typeof skillEntry.diagnostics, 'number');
		}
		for (const diagnostic of report.diagnostics) {
			assert.deepEqual(Object.keys(diagnostic), ['file', 'line', 'column', 'endLine', 'endColumn', 'rule', 'severity', 'message', 'related']);
			for (const key of ['line', 'column', 'endLine', 'endColumn'] as const) {
				assert.ok(Number.isInteger(diagnostic[key]) && diagnostic[key] >= 1, `${key} of ${diagnostic.rule}`);
			}
			assert.ok(['error', 'warning', 'info'].includes(diagnostic.severity));
			assert.ok(ruleMeta(diagnostic.rule), diagnostic.rule);
			for (const related of diagnostic.related) {
				assert.deepEqual(Object.keys(related), ['file', 'line']);
			}
		}
		assert.deepEqual(Object.keys(report.summary), ['skills', 'errors', 'warnings', 'infos', 'suppressed', 'elapsedMs']);
		assert.deepEqual(report.summary.suppressed, { total: 0, inline: 0, config: 0, byRule: {} });
		assert.ok(Number.isInteger(report.summary.elapsedMs) && report.summary.elapsedMs >= 0);
	});

	test('is written exactly as JSON.stringify with two spaces writes it, empty lists included', () => {
		const empty = temporaryFolder();
		for (const args of [['libraries/problems'], ['libraries/lifecycle'], [empty]]) {
			const run = check(...args, '--format', 'json');
			assert.equal(run.stdout, JSON.stringify(json(run), null, 2) + '\n', args[0]);
		}
	});

	test('lists every skill with its name, status and diagnostic count, and counts add up', () => {
		const report = json(check('libraries/problems', '--format', 'json'));
		assert.deepEqual(report.skills.map(s => [s.path, s.name, s.status, s.diagnostics]), [
			['libraries/problems/broken-yaml/SKILL.md', null, 'stable', 1],
			['libraries/problems/deploy-service/SKILL.md', 'deploy-service', 'stable', 2],
			['libraries/problems/form-filler/SKILL.md', 'form-filler', 'stable', 1],
			['libraries/problems/pdf-forms/SKILL.md', 'pdf-forms', 'stable', 1],
			['libraries/problems/stale-notes/SKILL.md', 'stale-notes', 'stable', 1],
		]);
		assert.deepEqual(report.diagnostics.map(d => [d.file.split('/')[2], d.rule, d.severity, d.line, d.column]), [
			['broken-yaml', 'frontmatter-invalid', 'error', 3, 33],
			['deploy-service', 'risky-instruction', 'warning', 11, 1],
			['deploy-service', 'missing-reference', 'warning', 14, 27],
			['form-filler', 'duplicate-description', 'warning', 3, 14],
			['pdf-forms', 'duplicate-description', 'warning', 3, 14],
			['stale-notes', 'stale-date', 'info', 8, 39],
		]);
		const count = (severity: string) => report.diagnostics.filter(d => d.severity === severity).length;
		assert.deepEqual(report.summary, { ...report.summary, skills: 5, errors: count('error'), warnings: count('warning'), infos: count('info') });
		assert.deepEqual([report.summary.errors, report.summary.warnings, report.summary.infos], [1, 4, 1]);
	});

	test('a single SKILL.md reports only that skill, with duplicates from the rest of its library', () => {
		const run = check('libraries/problems/pdf-forms/SKILL.md', '--format', 'json');
		const report = json(run);
		assert.deepEqual(report.skills.map(s => s.path), ['libraries/problems/pdf-forms/SKILL.md']);
		assert.equal(report.summary.skills, 1);
		assert.ok(report.diagnostics.every(d => d.file === 'libraries/problems/pdf-forms/SKILL.md'));
		const duplicate = report.diagnostics.find(d => d.rule === 'duplicate-description');
		assert.ok(duplicate, 'the duplicate in form-filler is found');
		assert.deepEqual(duplicate.related, [{ file: 'libraries/problems/form-filler/SKILL.md', line: 3 }]);
		assert.match(duplicate.message, /form-filler/);
	});

	test('reports lifecycle status: proposed in the staging folder (decided proposals left out), draft from the frontmatter', () => {
		const report = json(check('libraries/lifecycle', '--format', 'json'));
		assert.deepEqual(report.skills.map(s => [s.path, s.status]), [
			['libraries/lifecycle/.skills-proposed/rotate-prod-certs/SKILL.md', 'proposed'],
			['libraries/lifecycle/draft-skill/SKILL.md', 'draft'],
		]);
	});

	test('two folders checked together are one library: a name in both is a duplicate-name error', () => {
		const run = check('libraries/clean', 'libraries/problems', '--format', 'json');
		const report = json(run);
		assert.equal(report.summary.skills, 7);
		const duplicates = report.diagnostics.filter(d => d.rule === 'duplicate-name');
		assert.deepEqual(duplicates.map(d => [d.file, d.severity, d.line, d.column]), [
			['libraries/clean/pdf-forms/SKILL.md', 'error', 2, 7],
			['libraries/problems/pdf-forms/SKILL.md', 'error', 2, 7],
		]);
		assert.deepEqual(duplicates[0].related, [{ file: 'libraries/problems/pdf-forms/SKILL.md', line: 2 }]);
	});

	test('skills in standard roots are duplicates only when one client loads both roots', () => {
		const dir = temporaryFolder();
		const deploy = (description: string) => skill('# Deploy\n\nShip it.\n', `name: deploy\ndescription: ${description}`);
		writeTree(dir, {
			'project/.claude/skills/deploy/SKILL.md': deploy('Deploys the app with Claude Code. Use when a release is approved.'),
			'project/.cursor/skills/deploy/SKILL.md': deploy('Deploys the app from Cursor. Use when the editor is asked to ship.'),
		});
		const apart = json(check(path.join(dir, 'project'), '--format', 'json'));
		assert.equal(apart.summary.skills, 2);
		assert.deepEqual(apart.diagnostics.filter(d => d.rule === 'duplicate-name'), []);
		writeTree(dir, { 'project/.agents/skills/deploy/SKILL.md': deploy('Deploys the app for Codex and Copilot. Use when a pipeline asks for it.') });
		const together = json(check(path.join(dir, 'project'), '--format', 'json'));
		const duplicates = together.diagnostics.filter(d => d.rule === 'duplicate-name');
		assert.deepEqual(duplicates.map(d => d.file.split('/').slice(-4, -2).join('/')).sort(), ['.agents/skills', '.claude/skills']);
		assert.match(duplicates.find(d => d.file.includes('.claude'))?.message ?? '', /\(\.agents\/skills\/deploy\)/);
	});

	test('--user adds the user roots, labelled from home, and a Cursor project skill does not clash with them', () => {
		const home = temporaryFolder('home-');
		const deploy = (description: string) => skill('# Deploy\n\nShip it.\n', `name: deploy\ndescription: ${description}`);
		writeTree(home, {
			'.claude/skills/deploy/SKILL.md': deploy('Deploys my side projects to a VPS. Use when a side project ships.'),
			'work/app/.cursor/skills/deploy/SKILL.md': deploy('Deploys the app from Cursor. Use when the editor is asked to ship.'),
		});
		const run = runCli(['check', path.join(home, 'work', 'app'), '--user', '--format', 'json', '--no-cache'], fixturesDir, { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') });
		const report = json(run);
		assert.equal(report.summary.skills, 2);
		assert.deepEqual(report.diagnostics.filter(d => d.rule === 'duplicate-name'), []);
	});

	test('a symbolic-link loop in the library is a scan-error diagnostic, not a crash', () => {
		const dir = temporaryFolder();
		writeTree(dir, { 'lib/ok/SKILL.md': skill('# Ok\n\nFine.\n', 'name: ok\ndescription: Is fine. Use when fine.') });
		fs.symlinkSync(path.join(dir, 'lib'), path.join(dir, 'lib', 'again'));
		const run = check(path.join(dir, 'lib'), '--format', 'json');
		assert.equal(run.status, 0, run.stderr);
		const report = json(run);
		assert.equal(report.summary.skills, 1);
		assert.deepEqual(report.diagnostics.map(d => [path.basename(d.file), d.rule, d.severity]), [['again', 'scan-error', 'warning']]);
	});
});

describe('--format sarif', () => {
	function validator() {
		const schemaFile = path.join(repoRoot, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
		// The file declares draft-04 (`id`, `$schema`), but uses no keyword whose meaning differs in draft-07.
		const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
		schema.$id = schema.id;
		delete schema.id;
		delete schema.$schema;
		// The schema's language pattern has a stray `]` that is only valid without the `u` flag.
		const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
		addFormats(ajv);
		return ajv.compile(schema);
	}

	interface SarifLog {
		version: string;
		runs: { tool: { driver: { name: string; rules: { id: string; helpUri?: string; shortDescription?: { text: string }; properties?: { tags?: string[] } }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number } } }[] }[] }[];
	}

	/** The log with each rule's tags made unique, to validate everything else while the tag bug stands. */
	function withUniqueTags(log: SarifLog): SarifLog {
		const copy = structuredClone(log);
		for (const rule of copy.runs[0].tool.driver.rules) {
			if (rule.properties?.tags) {
				rule.properties.tags = [...new Set(rule.properties.tags)];
			}
		}
		return copy;
	}

	test('validates against the SARIF 2.1.0 schema as written', () => {
		const log = JSON.parse(check('libraries/problems', '--format', 'sarif').stdout) as SarifLog;
		const validate = validator();
		assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
	});

	test('validates against the SARIF 2.1.0 schema apart from the tags, with help links for every result\'s rule', () => {
		const run = check('libraries/problems', '--format', 'sarif');
		assert.equal(run.status, 1);
		const log = JSON.parse(run.stdout) as SarifLog;
		const validate = validator();
		assert.ok(validate(withUniqueTags(log)), JSON.stringify(validate.errors, null, 2));
		assert.equal(log.version, '2.1.0');
		const [sarifRun] = log.runs;
		assert.equal(sarifRun.tool.driver.name, 'skill-distiller');
		const rules = sarifRun.tool.driver.rules;
		for (const result of sarifRun.results) {
			const rule = rules[result.ruleIndex];
			assert.equal(rule.id, result.ruleId);
			assert.match(rule.helpUri ?? '', /^https:\/\/.+#/, `helpUri of ${result.ruleId}`);
			assert.ok(rule.shortDescription?.text);
		}
		assert.deepEqual(sarifRun.results.map(r => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]), [
			['frontmatter-invalid', 'error', 'libraries/problems/broken-yaml/SKILL.md', 3],
			['risky-instruction', 'warning', 'libraries/problems/deploy-service/SKILL.md', 11],
			['missing-reference', 'warning', 'libraries/problems/deploy-service/SKILL.md', 14],
			['duplicate-description', 'warning', 'libraries/problems/form-filler/SKILL.md', 3],
			['duplicate-description', 'warning', 'libraries/problems/pdf-forms/SKILL.md', 3],
			['stale-date', 'note', 'libraries/problems/stale-notes/SKILL.md', 8],
		]);
		assert.ok(sarifRun.results.every(r => r.locations[0].physicalLocation.artifactLocation.uriBaseId === 'SRCROOT'));
		for (const rule of ruleCatalog.filter(r => r.id !== 'md')) {
			assert.ok(rules.some(r => r.id === rule.id), `rule metadata for ${rule.id}`);
		}
	});

	test('markdownlint results link to markdownlint\'s own documentation', () => {
		const dir = temporaryFolder();
		writeTree(dir, { 'lib/headings/SKILL.md': skill('# Headings\n\n#Missing space\n', 'name: headings\ndescription: Shows headings. Use when headings matter.') });
		const log = JSON.parse(check(path.join(dir, 'lib'), '--format', 'sarif').stdout) as SarifLog;
		assert.ok(validator()(withUniqueTags(log)));
		const [result] = log.runs[0].results;
		assert.equal(result.ruleId, 'md/MD018');
		assert.equal(log.runs[0].tool.driver.rules[result.ruleIndex].helpUri, 'https://github.com/DavidAnson/markdownlint/blob/v0.40.0/doc/md018.md');
	});
});

describe('caching and worker threads', () => {
	test('--cache-location writes the cache there and a second run reports the same', () => {
		const dir = temporaryFolder();
		const cache = path.join(dir, 'cache', 'markdownlint.json');
		const first = json(check('libraries/problems', '--format', 'json', '--cache-location', cache));
		assert.ok(fs.existsSync(cache), 'the cache file was written');
		const second = json(check('libraries/problems', '--format', 'json', '--cache-location', cache));
		assert.deepEqual(second.diagnostics, first.diagnostics);
	});

	test('once a library has settled, later runs report exactly what an uncached run reports, in every format, and an edit is seen', async () => {
		const dir = temporaryFolder('settled-');
		fs.cpSync(path.join(fixturesDir, 'libraries', 'problems'), dir, { recursive: true });
		const cache = path.join(temporaryFolder('cache-'), 'cache.json');
		// Files changed in the last two seconds are read again on every run; these must be older.
		await new Promise(resolve => setTimeout(resolve, 2_100));
		const withoutTime = (run: CliRun) => {
			assert.equal(run.stderr, '', run.stderr);
			return run.stdout.replace(/"elapsedMs": [\d.]+/, '"elapsedMs": 0').replace(/\([\d.]+ s\)/, '');
		};
		const report = (format: string, ...cacheArgs: string[]) => withoutTime(runCli(['check', '--format', format, ...cacheArgs, dir]));
		const cached = (format: string) => report(format, '--cache-location', cache);
		const uncached = (format: string) => report(format, '--no-cache');
		const expected = Object.fromEntries(['json', 'text', 'sarif'].map(format => [format, uncached(format)]));
		assert.ok(JSON.parse(expected.json).diagnostics.length >= 6, 'the library has problems to report');
		for (const round of ['the run that fills the cache', 'a second run', 'a third run']) {
			for (const format of ['json', 'text', 'sarif']) {
				assert.equal(cached(format), expected[format], `${format}, ${round}`);
			}
		}
		fs.appendFileSync(path.join(dir, 'stale-notes', 'SKILL.md'), '\nLogs live in /home/alice/logs.\n');
		const edited = cached('json');
		assert.equal(edited, uncached('json'));
		assert.ok((JSON.parse(edited) as JsonReport).diagnostics.some(d => d.rule === 'hardcoded-path' && d.file.endsWith('stale-notes/SKILL.md')), 'the edit is reported');
	});

	test('an unchanged library\'s report is printed again as kept; another format, colours, working folder or an edit make it anew, and a damaged one is not used', async () => {
		const dir = temporaryFolder('kept-');
		fs.cpSync(path.join(fixturesDir, 'libraries', 'problems'), dir, { recursive: true });
		const cache = path.join(temporaryFolder('cache-'), 'cache.json');
		const kept = `${cache}.report`;
		await new Promise(resolve => setTimeout(resolve, 2_100));
		const withoutTime = (run: CliRun) => {
			assert.equal(run.stderr, '', run.stderr);
			return run.stdout.replace(/"elapsedMs": [\d.]+/, '"elapsedMs": 0').replace(/\([\d.]+ s\)/, '');
		};
		const cached = (format: string, cwd = fixturesDir, env: Record<string, string> = {}) => withoutTime(runCli(['check', '--format', format, '--cache-location', cache, dir], cwd, env));
		const expected = withoutTime(runCli(['check', '--format', 'json', '--no-cache', dir]));
		assert.equal(cached('json'), expected, 'the run that fills the cache');
		assert.ok(fs.existsSync(kept), 'the report is kept beside the results');
		assert.equal(cached('json'), expected, 'printed from the kept report');
		// A kept report is printed as it is: one altered in place (the same length, its head intact) shows that it was.
		const marked = (bytes: Buffer) => Buffer.from(bytes.toString('latin1').replace('"rule": "stale-date"', '"rule": "STALE-DATE"'), 'latin1');
		fs.writeFileSync(kept, marked(fs.readFileSync(kept)));
		assert.equal(cached('json'), marked(Buffer.from(expected)).toString(), 'the kept bytes are what is printed');
		fs.writeFileSync(kept, fs.readFileSync(kept).subarray(0, -1));
		assert.equal(cached('json'), expected, 'a report cut short is not printed, and is kept again whole');
		assert.equal(cached('json'), expected);
		const text = withoutTime(runCli(['check', '--format', 'text', '--no-cache', dir]));
		assert.equal(cached('text'), text, 'another format');
		assert.equal(cached('text'), text, 'the other format, kept');
		const colored = withoutTime(runCli(['check', '--format', 'text', '--no-cache', dir], fixturesDir, { NO_COLOR: '', FORCE_COLOR: '1' }));
		assert.notEqual(colored, text);
		assert.equal(cached('text', fixturesDir, { NO_COLOR: '', FORCE_COLOR: '1' }), colored, 'colours');
		const elsewhere = temporaryFolder('elsewhere-');
		assert.equal(cached('json', elsewhere), withoutTime(runCli(['check', '--format', 'json', '--no-cache', dir], elsewhere)), 'another working folder');
		fs.appendFileSync(path.join(dir, 'stale-notes', 'SKILL.md'), '\nLogs live in /home/alice/logs.\n');
		const edited = cached('json', elsewhere);
		assert.ok((JSON.parse(edited) as JsonReport).diagnostics.some(d => d.rule === 'hardcoded-path' && d.file.endsWith('stale-notes/SKILL.md')), 'the edit is reported');
		assert.equal(edited, withoutTime(runCli(['check', '--format', 'json', '--no-cache', dir], elsewhere)));
	});

	test('worker threads report exactly what one thread reports', () => {
		const dir = temporaryFolder();
		const files: Record<string, string> = {};
		for (let i = 0; i < 240; i++) {
			const name = `skill-${String(i).padStart(3, '0')}`;
			const problems = [
				i % 7 === 0 ? '\nLogs live in /home/alice/logs.\n' : '',
				i % 11 === 0 ? '\n#Missing space\n' : '',
				i % 13 === 0 ? '\nRead [the guide](references/guide.md).\n' : '',
				i % 30 === 0 ? '\nBefore you change a migration, dump the current schema with the export script, compare it with the committed snapshot, and stop if they differ: a drifted schema means someone applied a manual change.\n' : '',
			].join('');
			files[`lib/${name}/SKILL.md`] = skill(`# Skill ${i}\n\nThis skill handles case ${i} of the ${['billing', 'release', 'search'][i % 3]} work.\n${problems}`, `name: ${i === 17 ? 'skill-016' : name}\ndescription: Handles case ${i} for the team. Use when case ${i} comes up.`);
		}
		writeTree(dir, files);
		const single = json(check(path.join(dir, 'lib'), '--format', 'json', '--workers', '1'));
		const parallel = json(check(path.join(dir, 'lib'), '--format', 'json', '--workers', '3'));
		assert.equal(parallel.summary.skills, 240);
		assert.deepEqual(parallel.diagnostics, single.diagnostics);
		assert.deepEqual(parallel.skills, single.skills);
		const rules = new Set(single.diagnostics.map(d => d.rule));
		for (const rule of ['hardcoded-path', 'md/MD018', 'missing-reference', 'duplicate-content', 'duplicate-name', 'name-mismatch']) {
			assert.ok(rules.has(rule), `the generated library exercises ${rule}`);
		}
	});
});

describe('the real corpora', () => {
	const corpora = path.join(fixturesDir, 'corpora');

	test('keep their licence files beside them', () => {
		assert.ok(fs.existsSync(path.join(corpora, 'superpowers', 'LICENSE')));
		const anthropic = path.join(corpora, 'anthropic-skills', 'skills');
		for (const folder of fs.readdirSync(anthropic)) {
			assert.ok(fs.existsSync(path.join(anthropic, folder, 'LICENSE.txt')), `${folder}/LICENSE.txt`);
		}
	});

	test('are checked without crashing: 26 skills, every one parsed, only catalog rules', () => {
		for (const format of ['json', 'text', 'sarif']) {
			const run = check('corpora', '--format', format);
			assert.ok(run.status === 0 || run.status === 1, `${format}: exit ${run.status}\n${run.stderr}`);
			assert.equal(run.stderr, '');
		}
		const report = json(check('corpora', '--format', 'json'));
		assert.equal(report.summary.skills, 26);
		assert.equal(report.skills.filter(s => s.path.startsWith('corpora/superpowers/')).length, 14);
		assert.equal(report.skills.filter(s => s.path.startsWith('corpora/anthropic-skills/')).length, 12);
		assert.ok(report.skills.every(s => s.name !== null && s.path.endsWith(`/${s.name}/SKILL.md`)), 'every name is read and matches its folder');
		const rules = new Set(report.diagnostics.map(d => d.rule));
		for (const rule of ['file-unreadable', 'frontmatter-invalid', 'scan-error', 'name-missing', 'description-missing']) {
			assert.ok(!rules.has(rule), `no ${rule} in well-formed corpora`);
		}
		assert.ok(report.diagnostics.every(d => ruleMeta(d.rule)));
		assert.ok(report.summary.errors + report.summary.warnings + report.summary.infos < 26 * 10, 'a sane number of findings');
	});
});
