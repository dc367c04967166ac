import * as path from 'node:path';
import { type Fingerprints, fingerprintText } from '../duplicates/minHash';
import { comparableDescription } from '../duplicates/descriptionParts';
import { descriptionShingleSize, passagesOf } from '../duplicates/passages';
import { bodySize, codeRules, datedSections, emptySection, patchSection } from '../rules/bodyRules';
import type { RuleId } from '../rules/catalog';
import { lifecycleAgeRules, timeRules } from '../rules/freshnessRules';
import { buriedRule, nestedSkill } from '../rules/clientRules';
import { booleanValue, compatibilityTooLong, descriptionRules, frontmatterInvalid, nameRules, reservedName, unknownField } from '../rules/frontmatterRules';
import { triggeredLines } from '../rules/lineTriggers';
import { markdownlintFindings, type MarkdownlintRunner } from '../rules/markdownlintRules';
import { hardcodedPath, referenceRules } from '../rules/referenceRules';
import { hiddenUnicode, riskyInstruction, secret } from '../rules/securityRules';
import type { SkillContext, SkillRule } from '../rules/skillContext';
import { findKey, type Frontmatter, parseFrontmatter } from '../skill/frontmatter';
import { type Lifecycle, type LifecycleStatus, readLifecycle } from '../skill/lifecycle';
import { pluginOfSkillDir, qualifiedName } from '../skill/plugin';
import { lazyLineIndex } from '../skill/lineIndex';
import { scanBody } from '../skill/markdownScan';
import { decodeSkillBytes, type SkillText } from '../skill/skillText';
import type { SkillRoot } from '../skill/standardRoots';
import { type CheckConfig, optionOf, severityFor } from './config';
import { clampSpan, type Finding, type RawFinding, type Span } from './findings';
import { applySuppressions, type InlineSuppression, readInlineSuppressions, type SuppressedFinding } from './suppressions';

/** Where a skill was found. */
export interface SkillLocation {
	/** Absolute path of the SKILL.md. */
	file: string;
	root: SkillRoot;
	/** Whether the skill sits in the proposals staging folder. */
	inStaging: boolean;
	/**
	 * The skill folder's own entries as discovery read them (folders end in `/`, symbolic links in
	 * `@`), so the folder is not listed twice.
	 */
	entries?: string[];
	/**
	 * The folder relative references resolve against, when it is not the skill's own: a proposed
	 * update refers to the sidecars of the skill it updates.
	 */
	referenceDir?: string;
	/** The folder of the skill this one sits inside, when it is nested in another skill's folder. */
	nestedIn?: string;
}

/** What was read from disk for one skill. */
export interface SkillInput {
	location: SkillLocation;
	bytes?: Uint8Array;
	/** Why the file could not be read, when it could not. */
	readError?: string;
	/**
	 * Files and folders (with a trailing `/`) in the skill folder, relative to it, as far as they
	 * were listed; the rules ask the file system about anything not listed.
	 */
	sidecars: readonly string[];
}

/** Everything the library index and the views need to know about one skill. */
export interface SkillAnalysis {
	file: string;
	dir: string;
	folderName: string;
	root: SkillRoot;
	/** Proposals in the staging folder are checked on their own but are not part of the library. */
	inStaging: boolean;
	/** The folder of the skill this one is nested in, when it is. */
	nestedIn?: string;
	status: LifecycleStatus;
	lifecycle?: Lifecycle;
	/** The frontmatter name when it is a string; views fall back to the folder name. */
	name?: string;
	/** The Claude Code plugin the skill belongs to, which namespaces its name (`<plugin>:<name>`). */
	plugin?: string;
	description?: string;
	/** `when_to_use`, which Claude Code lists after the description. */
	whenToUse?: string;
	/** `disable-model-invocation: true` (or yes/on/1, as Claude Code reads it): the skill is not listed to the model. */
	modelDisabled?: boolean;
	nameSpan?: Span;
	descriptionSpan?: Span;
	frontmatterState?: Frontmatter['state'];
	sidecars: readonly string[];
	bodyLines: number;
	/** Findings about this skill alone, severities resolved, `off` rules and suppressed findings dropped. */
	findings: Finding[];
	/** The suppressions written in the file, which its cross-skill findings answer to as well. */
	suppressions?: InlineSuppression[];
	/** The findings about this skill alone that a suppression kept from being reported. */
	suppressed?: SuppressedFinding[];
	/** The body's passages, fingerprinted for duplicate-content (see `passageSpan`). */
	passages?: Fingerprints;
	descriptionPrint?: Fingerprints;
}

/**
 * A skill as the editor holds it: its analysis without what only the library process reads (the
 * fingerprints of the cross-skill rules, the spans and suppressions its findings came from, the
 * plugin its listing names).
 */
export type SkillEntry = Omit<SkillAnalysis, (typeof libraryOnlyFields)[number]>;

/** The fields of an analysis the editor does not keep (see `SkillEntry`). */
export const libraryOnlyFields = ['passages', 'descriptionPrint', 'nameSpan', 'descriptionSpan', 'suppressions', 'suppressed', 'plugin', 'modelDisabled'] as const;

export interface AnalyzeServices {
	markdownlint: MarkdownlintRunner;
	/** Whether an absolute path exists; asked only for references the sidecar listing does not answer. */
	exists(absolutePath: string): boolean;
	/** A file's modification date (YYYY-MM-DD); asked only for drafts without a creation date. */
	modifiedDate(file: string): string | undefined;
}

/** Each per-skill rule and the rule ids it can report, so rules that are all off are not run. */
const skillRules: readonly [SkillRule, readonly RuleId[]][] = [
	[frontmatterInvalid, ['frontmatter-invalid']],
	[nameRules, ['name-missing', 'name-format', 'name-mismatch']],
	[descriptionRules, ['description-missing', 'description-too-long']],
	[compatibilityTooLong, ['compatibility-too-long']],
	[unknownField, ['unknown-field', 'misspelt-field']],
	[reservedName, ['reserved-name']],
	[booleanValue, ['boolean-value']],
	[nestedSkill, ['nested-skill']],
	[buriedRule, ['buried-rule']],
	[bodySize, ['body-too-long', 'body-too-many-tokens']],
	[codeRules, ['code-heavy', 'long-code-block']],
	[datedSections, ['dated-sections']],
	[patchSection, ['patch-section']],
	[emptySection, ['empty-section']],
	[timeRules, ['time-sensitive', 'stale-date']],
	[lifecycleAgeRules, ['stale-validation', 'stale-draft']],
	[hardcodedPath, ['hardcoded-path']],
	[referenceRules, ['missing-reference', 'deep-reference']],
	[secret, ['secret']],
	[riskyInstruction, ['risky-instruction']],
	[hiddenUnicode, ['hidden-unicode']],
];

/**
 * Gives raw findings their file and configured severity, dropping rules that are off. With the
 * file's `lines`, every span in it is clamped to the text, so no position a rule or a parser
 * reports can fall outside the file (an editor refuses a negative column).
 */
export function finalizeFindings(file: string, raw: readonly RawFinding[], config: CheckConfig, lines?: readonly string[]): Finding[] {
	const findings: Finding[] = [];
	const inFile = <T extends Span>(span: T): T => (lines ? clampSpan(span, lines) : span);
	for (const finding of raw) {
		const severity = severityFor(config, finding.rule, finding.severity);
		if (severity === 'off') {
			continue;
		}
		const span = inFile({ line: finding.line, column: finding.column, endLine: finding.endLine, endColumn: finding.endColumn });
		findings.push({
			file, rule: finding.rule, severity, message: finding.message, ...span,
			related: (finding.related ?? []).map(related => (related.file === undefined ? { ...inFile(related), file } : { ...related, file: related.file })),
		});
	}
	return findings;
}

function unreadable(input: SkillInput, reason: string, config: CheckConfig): SkillAnalysis {
	const dir = path.dirname(input.location.file);
	return {
		file: input.location.file, dir, folderName: path.basename(dir), root: input.location.root, inStaging: input.location.inStaging,
		status: input.location.inStaging ? 'proposed' : 'stable', sidecars: input.sidecars, bodyLines: 0,
		findings: finalizeFindings(input.location.file, [{ rule: 'file-unreadable', line: 1, column: 1, endLine: 1, endColumn: 1, message: `SKILL.md cannot be read: ${reason}` }], config),
	};
}

/** Parses one skill and runs every per-skill rule over it. Never throws on bad content. */
export function analyzeSkill(input: SkillInput, config: CheckConfig, services: AnalyzeServices): SkillAnalysis {
	if (input.readError !== undefined || input.bytes === undefined) {
		return unreadable(input, input.readError ?? 'it could not be read', config);
	}
	const decoded = decodeSkillBytes(input.bytes);
	if (!decoded.ok) {
		return unreadable(input, decoded.reason, config);
	}
	return analyzeSkillText(input, decoded.value, config, services);
}

function analyzeSkillText(input: SkillInput, text: SkillText, config: CheckConfig, services: AnalyzeServices): SkillAnalysis {
	const { file, inStaging } = input.location;
	const dir = path.dirname(file);
	const folderName = path.basename(dir);
	const frontmatter = parseFrontmatter(text.lines);
	const bodyLines = text.lines.slice(frontmatter.bodyStartLine - 1);
	const body = scanBody(bodyLines, frontmatter.bodyStartLine);
	const lifecycle = readLifecycle(frontmatter.data, inStaging);
	const sidecarSet = new Set(input.sidecars);
	const lineIndex = lazyLineIndex(text.text);
	const plugin = inStaging ? undefined : pluginOfSkillDir(dir, services.exists);
	const context: SkillContext = {
		folderName, text, frontmatter, body, lifecycle, config, lineIndex,
		nestedIn: input.location.nestedIn === undefined ? undefined : path.basename(input.location.nestedIn),
		triggered: triggeredLines(text, lineIndex),
		modifiedDate: () => services.modifiedDate(file),
		// The listing answers almost every reference; anything it lacks (deeper than it goes, behind a
		// link, outside the folder) is asked of the file system.
		exists: relative => sidecarSet.has(relative) || sidecarSet.has(relative.replace(/\/?$/, '/')) || services.exists(path.resolve(input.location.referenceDir ?? dir, relative)),
		existsInPlugin: plugin && (relative => services.exists(path.resolve(plugin.dir, relative))),
	};
	const raw: RawFinding[] = [];
	const report = (finding: RawFinding) => raw.push(finding);
	for (const [rule, ids] of skillRules) {
		if (ids.some(id => config.severities[id] !== 'off')) {
			rule(context, report);
		}
	}
	raw.push(...markdownlintFindings(context, services.markdownlint));
	const inline = config.inlineConfig ? readInlineSuppressions(body.prose, body.startLine) : { suppressions: [], invalid: [] };
	raw.push(...inline.invalid);

	const name = typeof frontmatter.data.name === 'string' ? frontmatter.data.name : undefined;
	const description = typeof frontmatter.data.description === 'string' ? frontmatter.data.description : undefined;
	const whenToUse = typeof frontmatter.data.when_to_use === 'string' ? frontmatter.data.when_to_use : undefined;
	const modelDisabled = /^(?:true|yes|on|1)$/i.test(String(frontmatter.data['disable-model-invocation']));
	const inLibrary = !inStaging;
	const contentOn = inLibrary && config.severities['duplicate-content'] !== 'off';
	const { kept, suppressed } = applySuppressions(finalizeFindings(file, raw, config, text.lines), inline.suppressions, config.suppress, qualifiedName({ name, plugin: plugin?.name }) ?? folderName);
	return {
		file, dir, folderName, root: input.location.root, inStaging, nestedIn: input.location.nestedIn, status: lifecycle.status, lifecycle,
		name, description, plugin: plugin?.name,
		...(whenToUse === undefined ? {} : { whenToUse }), ...(modelDisabled ? { modelDisabled } : {}),
		nameSpan: findKey(frontmatter, 'name')?.valueSpan,
		descriptionSpan: findKey(frontmatter, 'description')?.valueSpan,
		frontmatterState: frontmatter.state,
		sidecars: input.sidecars,
		bodyLines: body.lines.length,
		findings: kept,
		suppressions: inline.suppressions,
		suppressed,
		passages: contentOn ? passagesOf(body, optionOf<number>(config, 'duplicate-content', 'minWords')) : undefined,
		descriptionPrint: inLibrary && description?.trim() && config.severities['duplicate-description'] !== 'off'
			? fingerprintText(comparableDescription(description), descriptionShingleSize)
			: undefined,
	};
}
