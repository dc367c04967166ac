import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeSkill, type AnalyzeServices, type SkillAnalysis } from '../../src/core/check/analyzeSkill';
import { type CheckConfig, resolveConfig, type UserConfig } from '../../src/core/check/config';
import type { Finding } from '../../src/core/check/findings';
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
