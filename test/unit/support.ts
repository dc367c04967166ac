import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repositoryRoot } from '../../scripts/repository';
import { analyzeSkill, type AnalyzeServices, type SkillAnalysis } from '../../src/core/check/analyzeSkill';
import { type CheckConfig, resolveConfig, type UserConfig } from '../../src/core/check/config';
import type { Finding, Severity, Span } from '../../src/core/check/findings';
import { checkLibrary } from '../../src/core/library/checkLibrary';
import type { DiscoveryOptions } from '../../src/core/library/discovery';
import { LibraryIndex } from '../../src/core/library/libraryIndex';
import { lintBody } from '../../src/core/rules/markdownlintRules';
import type { SkillRoot } from '../../src/core/skill/standardRoots';

/** A fixed "today" so date rules give the same answer on every day the tests run. */
export const testToday = '2026-11-21';

export function testConfig(user: UserConfig = {}): CheckConfig {
	return resolveConfig({ today: testToday, ...user });
}

export interface SkillSpec {
	/** The folder name; `SKILL.md` lives at `/library/<folder>/SKILL.md`. */
	folder?: string;
	text: string | Uint8Array;
	sidecars?: string[];
	root?: SkillRoot;
	inStaging?: boolean;
	modified?: string;
}

export const testRoot: SkillRoot = { path: '/library', label: 'library', scope: 'folder' };

const services = (modified?: string): AnalyzeServices => ({
	markdownlint: lintBody,
	exists: () => false,
	modifiedDate: () => modified,
});

/** Analyses one skill held in memory, as the engine would after reading it from disk. */
export function analyzeText(spec: SkillSpec, config: CheckConfig = testConfig()): SkillAnalysis {
	const folder = spec.folder ?? 'my-skill';
	const root = spec.root ?? testRoot;
	return analyzeSkill({
		location: { file: path.join(root.path, folder, 'SKILL.md'), root, inStaging: spec.inStaging ?? false },
		bytes: typeof spec.text === 'string' ? Buffer.from(spec.text, 'utf8') : spec.text,
		sidecars: spec.sidecars ?? [],
	}, config, services(spec.modified));
}

/** The findings of one skill checked alone (cross-skill rules included, with nothing to compare). */
export function findingsOf(spec: SkillSpec, config: CheckConfig = testConfig()): Finding[] {
	return checkSkills([spec], config)[0];
}

/** Checks several skills as one library; returns each skill's findings in the order given. */
export function checkSkills(specs: SkillSpec[], config: CheckConfig = testConfig()): Finding[][] {
	const index = new LibraryIndex(config);
	const analyses = specs.map(spec => analyzeText(spec, config));
	for (const analysis of analyses) {
		index.add(analysis);
	}
	return analyses.map(analysis => index.findings(analysis.file));
}

export function rulesOf(findings: readonly Finding[]): string[] {
	return findings.map(finding => finding.rule);
}

/** A spec-clean skill with the given body. */
export function skill(body: string, frontmatter = 'name: my-skill\ndescription: Processes things. Use when things need processing.'): string {
	return `---\n${frontmatter}\n---\n${body}`;
}

let temporaryBase: string | undefined;

/** A fresh temporary folder; all of them live in one base folder, removed when the test process exits. */
export function temporaryFolder(prefix = 'case-'): string {
	if (!temporaryBase) {
		const base = fs.mkdtempSync(path.join(os.tmpdir(), 'skill-distiller-test-'));
		process.on('exit', () => fs.rmSync(base, { recursive: true, force: true }));
		temporaryBase = base;
	}
	return fs.mkdtempSync(path.join(temporaryBase, prefix));
}

/** Writes files (path → content) below a folder, creating folders as needed. */
export function writeTree(base: string, files: Record<string, string | Uint8Array>): void {
	for (const [relative, content] of Object.entries(files)) {
		const file = path.join(base, relative);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, content);
	}
}

export const repoRoot = repositoryRoot;
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');

/** The findings of one rule. */
export function byRule(findings: readonly Finding[], rule: string): Finding[] {
	return findings.filter(finding => finding.rule === rule);
}

/** Asserts that exactly one finding of `rule` was reported and returns it. */
export function single(findings: readonly Finding[], rule: string): Finding {
	const matching = byRule(findings, rule);
	assert.equal(matching.length, 1, `expected one ${rule} finding, got ${matching.length}: ${listFindings(findings)}`);
	return matching[0];
}

/** Asserts that `rule` reported nothing. */
export function none(findings: readonly Finding[], rule: string): void {
	const matching = byRule(findings, rule);
	assert.equal(matching.length, 0, `expected no ${rule} finding, got: ${listFindings(matching)}`);
}

/** Asserts that nothing at all was reported. */
export function clean(findings: readonly Finding[]): void {
	assert.deepEqual(findings.map(finding => `${finding.rule} ${finding.line}:${finding.column} ${finding.message}`), []);
}

/** The span of a finding, for one deepEqual. */
export function spanOf(span: Span): Span {
	return { line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn };
}

/** Asserts a finding's rule, severity, span and that its message matches. */
export function expectFinding(finding: Finding, rule: string, severity: Severity, span: Span, message: RegExp): void {
	assert.equal(finding.rule, rule);
	assert.equal(finding.severity, severity, `severity of ${rule}`);
	assert.deepEqual(spanOf(finding), span, `span of ${rule}: ${finding.message}`);
	assert.match(finding.message, message);
}

/** A span on one line from a 1-based column, `length` characters long. */
export function at(line: number, column: number, length: number): Span {
	return { line, column, endLine: line, endColumn: column + length };
}

export function listFindings(findings: readonly Finding[]): string {
	return findings.length === 0 ? '(none)' : findings.map(f => `\n  ${f.rule} ${f.severity} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message}`).join('');
}

/** A library root for a folder on disk, as the CLI builds it. */
export function folderRoot(dir: string): SkillRoot {
	return { path: dir, label: path.basename(dir), scope: 'folder' };
}

export interface DiskCheck {
	/** Every finding (per-skill, cross-skill and scan errors), keyed by the path relative to the library. */
	byFile: Map<string, Finding[]>;
	/** Relative paths of the SKILL.md files that were checked. */
	skills: string[];
	scanFindings: Finding[];
}

/** Checks a library folder on disk with the whole engine (discovery, reading, analysis, index). */
export async function checkFolder(dir: string, discovery: DiscoveryOptions = {}, config: CheckConfig = testConfig()): Promise<DiskCheck> {
	const result = await checkLibrary({ roots: [folderRoot(dir)], config, discovery });
	const byFile = new Map<string, Finding[]>();
	const relative = (file: string) => path.relative(dir, file).split(path.sep).join('/');
	for (const finding of [...result.index.allFindings(), ...result.scanFindings]) {
		const key = relative(finding.file);
		byFile.set(key, [...(byFile.get(key) ?? []), finding]);
	}
	return { byFile, skills: result.index.skills().map(skill => relative(skill.file)), scanFindings: result.scanFindings };
}

export interface CliRun {
	status: number | null;
	stdout: string;
	stderr: string;
}

/** Runs the built CLI; tests never touch the user's cache. */
export function runCli(args: readonly string[], cwd: string = fixturesDir, env: Record<string, string> = {}): CliRun {
	const result = spawnSync(process.execPath, [cliPath, ...args], {
		cwd,
		encoding: 'utf8',
		env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...env },
		maxBuffer: 64 * 1024 * 1024,
		timeout: 120_000,
	});
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A body of `count` distinct, lint-clean prose lines. */
export function proseLines(count: number, prefix = 'Step'): string {
	return Array.from({ length: count }, (_, i) => `${prefix} ${i + 1} keeps the work moving.`).join('\n');
}

/** Every file below a folder whose name passes `wanted`, in path order. */
export function filesBelow(dir: string, wanted: (name: string) => boolean): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? filesBelow(full, wanted) : wanted(entry.name) ? [full] : [];
	}).sort();
}

/** A passage two skills of `writeSmallLibrary` share: long enough to be a near-duplicate passage. */
export const sharedPassage = 'Deployments go through the release train. Tag the commit, wait for the canary to report green for an hour, then promote the build to every region in turn, watching the error budget.';

/** A library of four skills: two share a passage (duplicate-content), one names a file it lacks. */
export function writeSmallLibrary(dir: string): void {
	const skills: Record<string, string> = {
		'deploy-web': skill(`# Deploy web\n\n${sharedPassage}\n`, 'name: deploy-web\ndescription: Deploys the web app. Use when the web app ships.'),
		'deploy-api': skill(`# Deploy API\n\n${sharedPassage}\n`, 'name: deploy-api\ndescription: Deploys the API. Use when the API ships.'),
		'guide': skill('# Guide\n\nRead [the API notes](references/api.md) first.\n', 'name: guide\ndescription: Explains the APIs. Use when someone asks how the API works.'),
		'notes': skill('# Notes\n\nKeep notes short.\n', 'name: notes\ndescription: Keeps notes. Use when writing notes.'),
	};
	for (const [folder, text] of Object.entries(skills)) {
		fs.mkdirSync(path.join(dir, folder), { recursive: true });
		fs.writeFileSync(path.join(dir, folder, 'SKILL.md'), text);
	}
	fs.mkdirSync(path.join(dir, 'guide', 'references'));
}
