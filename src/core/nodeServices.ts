import * as fs from 'node:fs';
import type { AnalyzeServices, SkillInput } from './analyzeSkill';
import { type Discovered, describeReadError } from './discovery';
import type { MarkdownlintRunner } from './rules/markdownlintRules';

/** The services `analyzeSkill` needs, answered from the local file system. */
export function nodeAnalyzeServices(markdownlint: MarkdownlintRunner): AnalyzeServices {
	return {
		markdownlint,
		exists: file => fs.existsSync(file),
		modifiedDate: file => {
			try {
				return fs.statSync(file).mtime.toISOString().slice(0, 10);
			} catch {
				return undefined;
			}
		},
	};
}

/** Reads a discovered skill's file; a failure becomes the input's `readError`. */
export function readSkillInput(found: Discovered): SkillInput {
	try {
		return { location: found.location, sidecars: found.sidecars, bytes: fs.readFileSync(found.location.file) };
	} catch (error) {
		return { location: found.location, sidecars: found.sidecars, readError: describeReadError(error) };
	}
}
