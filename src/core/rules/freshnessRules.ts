import { optionOf } from '../check/config';
import { spanOnLine } from '../check/findings';
import { datePattern, daysSince, describeAge, isoDatePattern, monthPattern } from '../skill/dates';
import { findKey } from '../skill/frontmatter';
import { lazyLineIndex } from '../skill/lineIndex';
import { type BodyModel, sectionsOf } from '../skill/markdownScan';
import { LeadFilter } from '../util/leadFilter';
import type { SkillRule } from './skillContext';

const year = '(?:19|20)\\d{2}';
const timeSensitivePatterns: readonly RegExp[] = [
	new RegExp(`\\bas of (?:now|today|this (?:writing|week|month|quarter|year)|(?:early |mid-?|late )?(?:${monthPattern}\\.?(?: \\d{1,2},?)? )?${year}(?:-\\d{2}(?:-\\d{2})?)?|v?\\d+(?:\\.\\d+)+)`, 'gi'),
	new RegExp(`\\b(?:before|after|until|till|since|by) (?:early |mid-?|late )?${monthPattern}\\.? ${year}\\b`, 'gi'),
	new RegExp(`\\b(?:before|after|until|by) (?:Q[1-4] |the end of )${year}\\b`, 'gi'),
	/\b(?:currently|presently|right now|at present)\b[^.!?\n]{0,40}?\b(?:latest|newest|current|recent|beta|preview|experimental|deprecated|recommended)\b/gi,
	/\b(?:the )?(?:latest|newest|most recent) (?:stable |major |minor )?(?:version|release) (?:is|was)\b/gi,
	/\bat the time of (?:this )?writing\b/gi,
	/\b(?:recently|just|newly) (?:released|launched|announced|introduced|shipped|deprecated)\b/gi,
	/\b(?:coming soon|will soon be|soon to be|in the near future|upcoming (?:release|version))\b/gi,
	/\b(?:this|next) (?:week|month|quarter|year)\b|\blast (?:week|month|quarter)\b/gi,
];

/** Every phrase pattern in one alternation, matched case-insensitively. */
export const timeSensitiveSource = timeSensitivePatterns.map(pattern => pattern.source).join('|');
// Found through its leads: one pass over the prose (see `LeadFilter`).
const anyPhrase = new LeadFilter([timeSensitiveSource]);
// Every date the rules read has a year; years are found far faster than whole dates.
const yearDigits = /(?:19|20)\d\d/g;

const logSection = /^(?:iteration log|change ?log|history|revision history|release notes)\b/i;

/** Lines whose dates are expected: headings (dated-sections covers them) and log sections. */
function datedByDesign(body: BodyModel): Set<number> {
	const lines = new Set(body.headings.map(heading => heading.line));
	for (const section of sectionsOf(body)) {
		if (logSection.test(section.heading.text)) {
			for (let line = section.heading.line; line <= section.endLine; line++) {
				lines.add(line);
			}
		}
	}
	return lines;
}

export const timeRules: SkillRule = ({ body, config }, report) => {
	const maxAge = optionOf<number>(config, 'stale-date', 'maxAgeDays');
	const prose = body.prose.join('\n');
	const lines = lazyLineIndex(prose);
	const phrases: [number, number][] = [];
	anyPhrase.scan(prose, (_, match) => {
		phrases.push([match.index, match.index + match[0].length]);
		const position = lines().position(match.index);
		report({
			rule: 'time-sensitive', ...spanOnLine(body.startLine + position.line - 1, position.index, match[0].length),
			message: `"${match[0]}" will go stale: state the version or condition instead of the moment`,
		});
		return match.index + match[0].length;
	});
	let excluded: Set<number> | undefined;
	yearDigits.lastIndex = 0;
	for (let year = yearDigits.exec(prose); year; year = yearDigits.exec(prose)) {
		const { line: proseLine } = lines().position(year.index);
		const lineStart = lines().startOf(proseLine, prose.length);
		const line = body.startLine + proseLine - 1;
		// One finding per line at most: the rest of the line is not searched again.
		yearDigits.lastIndex = lines().startOf(proseLine + 1, prose.length);
		if ((excluded ??= datedByDesign(body)).has(line)) {
			continue;
		}
		const text = body.prose[proseLine - 1];
		datePattern.lastIndex = 0;
		for (let match = datePattern.exec(text); match; match = datePattern.exec(text)) {
			const start = lineStart + match.index;
			const age = daysSince(match[0], config.today);
			if (age === undefined || age <= maxAge || phrases.some(([from, to]) => start < to && from < start + match![0].length)) {
				continue;
			}
			report({
				rule: 'stale-date', ...spanOnLine(line, match.index, match[0].length),
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
