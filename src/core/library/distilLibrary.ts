import * as fs from 'node:fs';
import { type AnalyzeServices, analyzeSkill } from '../check/analyzeSkill';
import type { CheckConfig } from '../check/config';
import type { DistilLibrary } from '../distil/distilSession';
import type { SkillRoot } from '../skill/standardRoots';
import type { LibraryIndex } from './libraryIndex';

/** A library backed by the engine's index (the CLI's checked library, or the extension's live one). */
export function indexedLibrary(index: LibraryIndex, config: CheckConfig, services: AnalyzeServices, newSkillRoot?: SkillRoot): DistilLibrary {
	return {
		skills: () => index.skills().filter(skill => !skill.inStaging),
		text: file => fs.readFileSync(file, 'utf8'),
		checkAsIf: async (file, root, text, sidecars) => index.findingsAsIf(analyzeSkill({ location: { file, root, inStaging: false }, sidecars, bytes: Buffer.from(text, 'utf8') }, config, services)),
		newSkillRoot,
	};
}
