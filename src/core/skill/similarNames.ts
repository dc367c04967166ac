/**
 * Whether a new skill's name nearly duplicates one the library has: agents choose a skill by its
 * name and description, and two names a letter apart (or apart only in separators and plurals)
 * are a second copy more often than a second skill.
 */

/** A name without case, separators or plural endings: `API_Clients` and `api-client` read the same. */
function nameShape(name: string): string {
	return name.toLowerCase().split(/[\s_.-]+/).filter(Boolean).map(word => word.replace(/(?:es|s)$/, '')).join('');
}

/** Whether two words are at most `max` insertions, deletions or substitutions apart (Levenshtein, cut off at `max`). */
export function withinEdits(a: string, b: string, max: number): boolean {
	if (Math.abs(a.length - b.length) > max) {
		return false;
	}
	let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		if (Math.min(...current) > max) {
			return false;
		}
		previous = current;
	}
	return previous[b.length] <= max;
}

/**
 * The first of `existing` that `name` nearly duplicates: the same once case, separators and
 * plurals are set aside, or a letter or two apart (one for names under 8 letters, none under 5,
 * where a letter makes another word). Undefined when none does.
 */
export function similarName(name: string, existing: Iterable<string>): string | undefined {
	const shape = nameShape(name);
	const edits = shape.length >= 8 ? 2 : shape.length >= 5 ? 1 : 0;
	for (const candidate of existing) {
		const other = nameShape(candidate);
		if (other === shape || (edits > 0 && withinEdits(shape, other, edits))) {
			return candidate;
		}
	}
	return undefined;
}
