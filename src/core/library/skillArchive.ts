import * as path from 'node:path';
import type { SkillRoot } from '../skill/standardRoots';
import { isSameOrInside } from '../util/paths';

/** The folder archived skills go to, beside their root: `.claude/skills/x` → `.claude/.skills-archive/x`. */
export const archiveFolderName = '.skills-archive';

/**
 * Where a skill folder is archived: under `.skills-archive` beside its root, at the same path
 * relative to the root (`skills/alice/x` → `.skills-archive/alice/x`), so no client loads it. An
 * archived copy already there is never replaced: the new one takes the first free `-2`, `-3` …
 * Undefined, with the reason, when that folder lies inside a root a client loads (a root set to
 * `.claude` itself, say).
 */
export function archiveDestination(root: SkillRoot, skillDir: string, roots: readonly SkillRoot[], exists: (folder: string) => boolean): { folder: string } | { problem: string } {
	const archive = path.join(path.dirname(root.path), archiveFolderName);
	const loadedBy = roots.find(candidate => candidate.path && isSameOrInside(candidate.path, archive));
	if (loadedBy) {
		return { problem: `the archive folder ${archive} is inside the skills folder ${loadedBy.label}, whose skills agents load` };
	}
	const base = path.join(archive, path.relative(root.path, skillDir));
	let folder = base;
	for (let n = 2; exists(folder); n++) {
		folder = `${base}-${n}`;
	}
	return { folder };
}
