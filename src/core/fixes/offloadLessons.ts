import { isDatedHeading } from '../rules/bodyRules';
import { type Section, sectionsOf } from '../skill/markdownScan';
import { plural } from '../util/text';
import { type FixContext, wholeLines } from './fixContext';
import { appendSeparator, type FixPlan } from './fixPlan';

export const lessonsFile = 'lessons.md';

/** The dated and lessons sections of a body, outermost only (a dated section inside another moves with it). */
export function lessonSections(context: FixContext): Section[] {
	const dated = sectionsOf(context.body).filter(section => isDatedHeading(section.heading.text));
	return dated.filter(section => !dated.some(outer => outer !== section && outer.heading.line < section.heading.line && section.endLine <= outer.endLine));
}

/** The text of whole lines `first` to `last` (1-based, inclusive), each ending with the line ending. */
export function linesText(context: FixContext, first: number, last: number): string {
	return context.lines.slice(first - 1, last).map(line => line + context.eol).join('');
}

/**
 * Moves every dated and lessons section, in order and under its own heading, to `lessons.md`
 * (appended under a heading of its own when the file exists) and leaves one pointer line where
 * the first one was.
 */
export function offloadLessons(context: FixContext, today: string): FixPlan | undefined {
	const sections = lessonSections(context);
	if (sections.length === 0) {
		return undefined;
	}
	const { eol } = context;
	const moved = sections.map(section => linesText(context, section.heading.line, section.endLine)).join('');
	const existing = context.folder.read(lessonsFile);
	const name = typeof context.frontmatter.data.name === 'string' ? context.frontmatter.data.name : context.folderName;
	const pointer = `Lessons from earlier sessions are in \`${lessonsFile}\`: read it when a problem described here comes back.${eol}${eol}`;
	return {
		title: `Offload ${plural(sections.length, 'lessons section')} to ${lessonsFile}`,
		rules: ['dated-sections'],
		changes: sections.map((section, index) => ({ ...wholeLines(section.heading.line, section.endLine), text: index === 0 ? pointer : '' })),
		sidecars: [existing === undefined
			? { path: lessonsFile, mode: 'create', content: `# Lessons: ${name}${eol}${eol}${moved}` }
			: { path: lessonsFile, mode: 'append', content: `${appendSeparator(existing, eol)}## Moved from SKILL.md on ${today}${eol}${eol}${moved}` }],
		preferred: true,
	};
}
