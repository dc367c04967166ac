import matter from 'gray-matter';

export type LifecyclePlacement = 'topLevel' | 'metadata';

/** A level-2 section of a skill and its Markdown lines. */
export interface SkillSection {
	heading: string;
	lines: string[];
}

export interface NewSkill {
	name: string;
	description: string;
	/** YYYY-MM-DD */
	today: string;
	/** What the draft was created from (`created_from`). */
	createdFrom: string;
	placement: LifecyclePlacement;
	/** The sections before the Iteration Log; by default the empty ones distilled lessons are filed under. */
	sections?: SkillSection[];
	/** The Iteration Log's first entry, after the date. */
	logEntry?: string;
	/** A last line after the Iteration Log (a provenance comment). */
	footer?: string;
}

const emptySections: SkillSection[] = ['When to use', 'Key Workflows', 'Gotchas'].map(heading => ({ heading, lines: [] }));

/** "processing-pdf-forms" → "Processing Pdf Forms". */
export function titleOf(name: string): string {
	return name.split('-').filter(Boolean).map(word => word[0].toUpperCase() + word.slice(1)).join(' ');
}

/**
 * A new skill's SKILL.md: spec-clean frontmatter written by gray-matter, the draft lifecycle
 * keys (at the top level or under `metadata` as strings), its sections and an Iteration Log.
 */
export function scaffoldSkill(skill: NewSkill): string {
	const lifecycle = { status: 'draft', priority: 'high', created_from: skill.createdFrom, created: skill.today };
	const data = skill.placement === 'metadata'
		? { name: skill.name, description: skill.description, metadata: lifecycle }
		: { name: skill.name, description: skill.description, ...lifecycle };
	const sections = (skill.sections ?? emptySections).flatMap(section => [`## ${section.heading}`, '', ...section.lines, ...(section.lines.length > 0 ? [''] : [])]);
	const body = [
		'',
		`# ${titleOf(skill.name)}`,
		'',
		...sections,
		'## Iteration Log',
		'',
		`- ${skill.today}: ${skill.logEntry ?? 'created as a draft.'}`,
		'',
		...(skill.footer ? [skill.footer, ''] : []),
	].join('\n');
	// An unlimited line width keeps a long description on one line instead of folding it.
	return matter.stringify(body, data, { lineWidth: -1 } as matter.GrayMatterOption<string, never>);
}
