import { optionOf } from '../config';
import { datePattern, daysSince, describeAge, isoDatePattern, monthPattern } from '../dates';
import { spanOnLine } from '../findings';
import { findKey } from '../frontmatter';
import { sectionsOf } from '../markdownScan';
import type { SkillRule } from './skillContext';

const year = '(?:19|20)\\d{2}';
const timeSensitivePatterns: readonly RegExp[] = [
	new RegExp(`\\bas of (?:now|today|this (?:writing|week|month|quarter|year)|(?:early |mid-?|late )?(?:${monthPattern}\\.?(?: \\d{1,2},?)? )?${year}(?:-\\d{2}(?:-\\d{2})?)?|v?\\d+(?:\\.\\d+)+)`, 'gi'),
	new RegExp(`\\b(?:before|after|until|till|since|by) (?:early |mid-?|late )?${monthPattern}\\.? ${year}\\b`, 'gi'),
	new RegExp(`\\b(?:before|after|until|by) (?:Q[1-4] |the end of )${year}\\b`, 'gi'),
	/\b(?:currently|presently|right now|at present)\b[^.!?]{0,40}?\b(?:latest|newest|current|recent|beta|preview|experimental|deprecated|recommended)\b/gi,
	/\b(?:the )?(?:latest|newest|most recent) (?:stable |major |minor )?(?:version|release) (?:is|was)\b/gi,
	/\bat the time of (?:this )?writing\b/gi,
	/\b(?:recently|just|newly) (?:released|launched|announced|introduced|shipped|deprecated)\b/gi,
	/\b(?:coming soon|will soon be|soon to be|in the near future|upcoming (?:release|version))\b/gi,
	/\b(?:this|next) (?:week|month|quarter|year)\b|\blast (?:week|month|quarter)\b/gi,
];

/** Finds phrases that will go stale, as [index, length] pairs on a line of prose. */
export function timeSensitivePhrases(prose: string): [number, number][] {
	const found: [number, number][] = [];
	for (const pattern of timeSensitivePatterns) {
		pattern.lastIndex = 0;
		for (let match = pattern.exec(prose); match; match = pattern.exec(prose)) {
			const index = match.index;
			if (!found.some(([start, length]) => index < start + length && start < index + match![0].length)) {
				found.push([index, match[0].length]);
			}
		}
	}
	return found.sort((a, b) => a[0] - b[0]);
}

const logSection = /^(?:iteration log|change ?log|history|revision history|release notes)\b/i;

export const timeRules: SkillRule = ({ body, config }, report) => {
	const maxAge = optionOf<number>(config, 'stale-date', 'maxAgeDays');
	const headingLines = new Set(body.headings.map(heading => heading.line));
	const logLines = new Set<number>();
	for (const section of sectionsOf(body)) {
		if (logSection.test(section.heading.text)) {
			for (let line = section.heading.line; line <= section.endLine; line++) {
				logLines.add(line);
			}
		}
	}
	for (let i = 0; i < body.prose.length; i++) {
		const prose = body.prose[i];
		if (prose.length < 6) {
			continue;
		}
		const line = body.startLine + i;
		const phrases = timeSensitivePhrases(prose);
		for (const [index, length] of phrases) {
			report({
				rule: 'time-sensitive', ...spanOnLine(line, index, length),
				message: `"${prose.slice(index, index + length)}" will go stale: state the version or condition instead of the moment`,
			});
		}
		if (headingLines.has(line) || logLines.has(line)) {
			continue;
		}
		datePattern.lastIndex = 0;
		for (let match = datePattern.exec(prose); match; match = datePattern.exec(prose)) {
			const index = match.index;
			const age = daysSince(match[0], config.today);
			if (age === undefined || age <= maxAge || phrases.some(([start, length]) => index < start + length && start < index + match![0].length)) {
				continue;
			}
			report({
				rule: 'stale-date', ...spanOnLine(line, index, match[0].length),
				message: `dated ${match[0]} (${describeAge(age)} ago): re-check the statement and update or remove the date`,
			});
			break;
		}
	}
};

export const lifecycleAgeRules: SkillRule = ({ frontmatter, lifecycle, config, modifiedDate }, report) => {
	if (lifecycle.validated) {
		const age = daysSince(lifecycle.validated, config.today);
		const maxAge = optionOf<number>(config, 'stale-validation', 'maxAgeDays');
		if (age !== undefined && age > maxAge) {
			const key = findKey(frontmatter, 'validated');
			report({
				rule: 'stale-validation', ...(key ? key.valueSpan : spanOnLine(1)),
				message: `last validated ${lifecycle.validated}, ${describeAge(age)} ago: re-run the skill on a real task and update \`validated:\``,
			});
		}
	}
	if (lifecycle.status !== 'draft') {
		return;
	}
	const since = [lifecycle.created, isoDatePattern.exec(lifecycle.createdFrom ?? '')?.[0]]
		.find(date => date !== undefined && daysSince(date, config.today) !== undefined) ?? modifiedDate();
	const age = since === undefined ? undefined : daysSince(since, config.today);
	const maxAge = optionOf<number>(config, 'stale-draft', 'maxAgeDays');
	if (since !== undefined && age !== undefined && age > maxAge) {
		const key = findKey(frontmatter, 'status');
		report({
			rule: 'stale-draft', ...(key ? key.valueSpan : spanOnLine(1)),
			message: `a draft since ${since} (${describeAge(age)}): validate it on a real task and promote it to stable, or delete it`,
		});
	}
};
