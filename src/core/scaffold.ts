import matter from 'gray-matter';

export type LifecyclePlacement = 'topLevel' | 'metadata';

export interface NewSkill {
	name: string;
	description: string;
	/** YYYY-MM-DD */
	today: string;
	/** What the draft was created from (`created_from`). */
	createdFrom: string;
	placement: LifecyclePlacement;
}

/** "processing-pdf-forms" → "Processing Pdf Forms". */
export function titleOf(name: string): string {
	return name.split('-').filter(Boolean).map(word => word[0].toUpperCase() + word.slice(1)).join(' ');
}

/**
 * A new skill's SKILL.md: spec-clean frontmatter written by gray-matter, the draft lifecycle
 * keys (at the top level or under `metadata` as strings), and the sections distilled lessons
 * are filed under.
 */
export function scaffoldSkill(skill: NewSkill): string {
	const lifecycle = { status: 'draft', priority: 'high', created_from: skill.createdFrom, created: skill.today };
	const data = skill.placement === 'metadata'
		? { name: skill.name, description: skill.description, metadata: lifecycle }
		: { name: skill.name, description: skill.description, ...lifecycle };
	const body = [
		'',
		`# ${titleOf(skill.name)}`,
		'',
		'## When to use',
		'',
		'## Key Workflows',
		'',
		'## Gotchas',
		'',
		'## Iteration Log',
		'',
		`- ${skill.today}: created as a draft.`,
		'',
	].join('\n');
	// An unlimited line width keeps a long description on one line instead of folding it.
	return matter.stringify(body, data, { lineWidth: -1 } as matter.GrayMatterOption<string, never>);
}
