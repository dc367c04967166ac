import { optionOf } from '../check/config';
import { bodyCharacters } from '../rules/bodyRules';
import { type Section, sectionsOf } from '../skill/markdownScan';
import { plural } from '../util/text';
import type { FixContext } from './fixContext';
import { appendSeparator, type FixPlan, type SidecarWrite } from './fixPlan';
import { linesText } from './offloadLessons';
import { fileStem } from './sidecarNames';

export type SectionKind = 'examples' | 'reference' | 'workflow' | 'other';

/** A section of the body that could move to a sidecar, with where it would go. */
export interface SectionCandidate {
	section: Section;
	kind: SectionKind;
	/** Lines the section holds below its heading. */
	lines: number;
	characters: number;
	destination: string;
}

const kinds: [SectionKind, RegExp][] = [
	['examples', /\b(?:examples?|samples?|walk-?through|demo|use cases?|recipes?)\b/i],
	['reference', /\b(?:reference|api|parameters?|options|fields|schema|flags|commands|cheat ?sheet|glossary|appendix|tables?|configuration)\b/i],
	['workflow', /\b(?:workflows?|steps|procedure|process|phases?|how to|playbook|checklist|runbook)\b/i],
];

const titles: Record<SectionKind, string> = { examples: 'Examples', reference: 'Reference', workflow: 'Workflow', other: 'Reference' };

function pointerFor(kind: SectionKind, destination: string): string {
	switch (kind) {
		case 'examples': return `Worked examples for this section are in \`${destination}\`: read them when you need a model to follow.`;
		case 'reference': return `The reference for this section is in \`${destination}\`: read it when you need the details.`;
		case 'workflow': return `The full workflow is in \`${destination}\`: read it before starting the work it describes.`;
		default: return `The rest of this section is in \`${destination}\`: read it when this topic comes up.`;
	}
}

/**
 * The body's top-level sections (under the title, if the body has one) with at least a few
 * lines, classified by their heading into examples, reference, workflow or other.
 */
export function sectionCandidates(context: FixContext): SectionCandidate[] {
	const sections = sectionsOf(context.body);
	if (sections.length === 0) {
		return [];
	}
	// A body with a single title heading (`# Release Notes`) is divided by the level below it.
	const top = Math.min(...sections.map(section => section.heading.level));
	const below = sections.filter(section => section.heading.level > top);
	const hasTitle = sections[0].heading.level === top && sections.filter(section => section.heading.level === top).length === 1;
	const level = hasTitle && below.length > 0 ? Math.min(...below.map(section => section.heading.level)) : top;
	return sections
		.filter(section => section.heading.level === level && section.endLine - section.heading.line >= 5)
		.map(section => {
			const kind = kinds.find(([, pattern]) => pattern.test(section.heading.text))?.[0] ?? 'other';
			const destination = kind === 'examples' ? 'examples.md' : kind === 'workflow' ? 'workflow.md' : kind === 'reference' ? 'reference.md' : `references/${fileStem(section.heading.text, 'md', 'section')}.md`;
			return {
				section, kind, destination,
				lines: section.endLine - section.heading.line,
				characters: bodyCharacters(context.lines.slice(section.heading.line, section.endLine)),
			};
		});
}

/**
 * The sections to move so the body fits its line and token limits: examples, reference and
 * workflow first, largest first, then the other sections, largest first.
 */
export function chooseSections(context: FixContext, candidates: readonly SectionCandidate[]): SectionCandidate[] {
	const maxLines = optionOf<number>(context.config, 'body-too-long', 'maxLines');
	const maxCharacters = optionOf<number>(context.config, 'body-too-many-tokens', 'maxTokens') * optionOf<number>(context.config, 'body-too-many-tokens', 'charsPerToken');
	let lines = context.body.lines.length;
	let characters = bodyCharacters(context.body.lines);
	const order = [...candidates].sort((a, b) => Number(a.kind === 'other') - Number(b.kind === 'other') || b.lines - a.lines);
	const chosen: SectionCandidate[] = [];
	for (const candidate of order) {
		if (lines <= maxLines && characters <= maxCharacters) {
			break;
		}
		chosen.push(candidate);
		// A moved section leaves its heading and a pointer line between blank lines.
		lines -= candidate.lines - 3;
		characters -= candidate.characters - 200;
	}
	return chosen.sort((a, b) => a.section.heading.line - b.section.heading.line);
}

/**
 * Moves the chosen sections' content, under their own headings, to their sidecars (appended
 * under a heading of its own to a file that exists), keeping each heading in SKILL.md with a
 * pointer that says when to read the file.
 */
export function offloadSections(context: FixContext, chosen: readonly SectionCandidate[], today: string): FixPlan | undefined {
	if (chosen.length === 0) {
		return undefined;
	}
	const { eol } = context;
	const name = typeof context.frontmatter.data.name === 'string' ? context.frontmatter.data.name : context.folderName;
	const byFile = new Map<string, SectionCandidate[]>();
	for (const candidate of chosen) {
		byFile.set(candidate.destination, [...byFile.get(candidate.destination) ?? [], candidate]);
	}
	const sidecars: SidecarWrite[] = [...byFile].map(([path, candidates]) => {
		const moved = candidates.map(candidate => linesText(context, candidate.section.heading.line, candidate.section.endLine)).join('');
		const existing = context.folder.read(path);
		return existing === undefined
			? { path, mode: 'create', content: `# ${titles[candidates[0].kind]}: ${name}${eol}${eol}${moved}` }
			: { path, mode: 'append', content: `${appendSeparator(existing, eol)}## Moved from SKILL.md on ${today}${eol}${eol}${moved}` };
	});
	return {
		title: `Offload ${plural(chosen.length, 'section')} to ${[...byFile.keys()].join(', ')}`,
		rules: ['body-too-long', 'body-too-many-tokens'],
		changes: chosen.map(({ section, kind, destination }) => ({
			line: section.heading.line + 1, column: 1, endLine: section.endLine + 1, endColumn: 1,
			text: `${eol}${pointerFor(kind, destination)}${eol}${eol}`,
		})),
		sidecars,
		preferred: true,
	};
}
