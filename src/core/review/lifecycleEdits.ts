import { yamlString } from '../fixes/frontmatterFixes';
import { type FrontmatterKey, parseFrontmatter } from '../skill/frontmatter';
import { readLifecycle } from '../skill/lifecycle';
import type { LifecyclePlacement } from '../skill/scaffold';
import { skillLines, withIterationLogEntry } from '../skill/skillSections';

/**
 * The lifecycle's edits of a SKILL.md (docs/architecture.md, "The lifecycle"): a proposal made a draft, a draft
 * promoted to stable. Only the lifecycle keys' own lines and the Iteration Log change; every
 * other byte of the person's text stays as it was.
 */

export class LifecycleEditError extends Error {}

/** A key that lives at the top level or under `metadata:` (where the strict profile wants lifecycle keys, as strings). */
type Where = 'top' | 'metadata';

function lifecycleKey(keys: readonly FrontmatterKey[], key: string): FrontmatterKey | undefined {
	return keys.find(candidate => candidate.key === key && (candidate.parent === undefined || candidate.parent === 'metadata'));
}

/**
 * Sets and removes lifecycle keys by line. A key that exists keeps its place (its lines are
 * replaced); a new one goes where `where` says: before the closing `---`, or at the end of the
 * `metadata:` block (created when missing).
 */
function editKeys(text: string, set: Record<string, string>, remove: readonly string[], where: Where): string {
	const { eol, lines } = skillLines(text);
	const frontmatter = parseFrontmatter(lines);
	if (frontmatter.state !== 'ok') {
		throw new LifecycleEditError(`the frontmatter cannot be read (${frontmatter.error?.message ?? frontmatter.state}); fix it first`);
	}
	const scalar = (key: string, value: string, nested: boolean) => (nested ? JSON.stringify(value) : key === 'validated' || key === 'created' ? value : yamlString(value));
	/** Replacement lines by the 0-based index of a key's first line (none: the key is removed). */
	const replaced = new Map<number, { end: number; lines: string[] }>();
	const added: Record<Where, string[]> = { top: [], metadata: [] };
	const metadata = frontmatter.keys.find(key => key.key === 'metadata' && key.parent === undefined);
	const indent = frontmatter.keys.find(key => key.parent === 'metadata')?.keySpan.column ?? 3;
	const childIndent = ' '.repeat(indent - 1);
	for (const key of remove) {
		const found = lifecycleKey(frontmatter.keys, key);
		if (found) {
			replaced.set(found.keySpan.line - 1, { end: found.valueSpan.endLine - 1, lines: [] });
		}
	}
	for (const [key, value] of Object.entries(set)) {
		const found = lifecycleKey(frontmatter.keys, key);
		if (found) {
			const nested = found.parent === 'metadata';
			replaced.set(found.keySpan.line - 1, { end: found.valueSpan.endLine - 1, lines: [`${nested ? childIndent : ''}${key}: ${scalar(key, value, nested)}`] });
		} else {
			added[where].push(`${where === 'metadata' ? childIndent : ''}${key}: ${scalar(key, value, where === 'metadata')}`);
		}
	}
	const out: string[] = [];
	const closing = frontmatter.closeLine - 1;
	const metadataEnd = metadata ? metadata.valueSpan.endLine - 1 : -1;
	for (let index = 0; index < lines.length; index++) {
		if (index === closing) {
			if (added.metadata.length > 0 && !metadata) {
				out.push('metadata:', ...added.metadata);
			}
			out.push(...added.top);
		}
		const replacement = replaced.get(index);
		if (replacement) {
			out.push(...replacement.lines);
			index = replacement.end;
		} else {
			out.push(lines[index]);
		}
		if (index === metadataEnd && metadata) {
			out.push(...added.metadata);
		}
	}
	return `${out.join(eol)}${eol}`;
}

/** Where a skill keeps its lifecycle keys: where `status` is, else the configured placement. */
function placementOf(text: string, fallback: LifecyclePlacement): Where {
	const frontmatter = parseFrontmatter(skillLines(text).lines);
	const status = readLifecycle(frontmatter.data, false).placement.status;
	return status ?? (fallback === 'metadata' ? 'metadata' : 'top');
}

export interface Promotion {
	/** YYYY-MM-DD */
	today: string;
	/** The real task that validated the skill, in a line. */
	note: string;
	placement: LifecyclePlacement;
}

/**
 * Promotes a draft to stable: `status` and `priority` removed, `validated: <date>` and
 * `validation_note` added where the lifecycle keys live, and a line in the Iteration Log.
 */
export function promoteToStable(text: string, promotion: Promotion): string {
	const note = promotion.note.replace(/\s+/g, ' ').trim();
	if (note === '') {
		throw new LifecycleEditError('say which real task validated the skill');
	}
	const frontmatter = parseFrontmatter(skillLines(text).lines);
	if (frontmatter.state !== 'ok') {
		throw new LifecycleEditError(`the frontmatter cannot be read (${frontmatter.error?.message ?? frontmatter.state}); fix it first`);
	}
	const lifecycle = readLifecycle(frontmatter.data, false);
	if (lifecycle.status !== 'draft') {
		throw new LifecycleEditError(lifecycle.status === 'stable' ? 'the skill is already stable' : `a ${lifecycle.status} skill is ratified before it is promoted`);
	}
	const where = placementOf(text, promotion.placement);
	const edited = editKeys(text, { validated: promotion.today, validation_note: note }, ['status', 'priority'], where);
	return withIterationLogEntry(edited, `- ${promotion.today}: validated on ${note}; promoted to stable.`);
}

/** A merged update: the proposal's text without its provenance comment (the Iteration Log keeps the source). */
export function withoutProvenance(text: string, provenance: RegExp): string {
	const { eol, lines } = skillLines(text);
	const kept = lines.filter(line => !provenance.test(line));
	while (kept.length > 0 && kept.at(-1)?.trim() === '') {
		kept.pop();
	}
	return `${kept.join(eol)}${eol}`;
}

/** A proposal's text as a draft in the library: `status: draft` and `priority` ensured, the provenance comment dropped. */
export function asDraft(text: string, provenance: RegExp, placement: LifecyclePlacement): string {
	const cleaned = withoutProvenance(text, provenance);
	const lifecycle = readLifecycle(parseFrontmatter(skillLines(cleaned).lines).data, false);
	return editKeys(cleaned, { status: 'draft', ...(lifecycle.priority ? {} : { priority: 'high' }) }, [], placementOf(cleaned, placement));
}
