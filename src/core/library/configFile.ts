import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, type UserConfig } from '../check/config';
import { errorMessage } from '../util/text';

export const configFileName = '.skill-distiller.json';

/**
 * Reads the configuration named on the command line, or else the nearest `.skill-distiller.json`
 * in the folder or its parents, up to the repository root: one lookup for the CLI (from the current
 * folder) and the editor (from each workspace folder), so CI and the editor apply the same file.
 */
export function loadUserConfig(explicit: string | undefined, cwd: string): { config: UserConfig; file?: string } {
	const file = explicit ? path.resolve(cwd, explicit) : findConfigFile(cwd);
	if (!file) {
		return { config: {} };
	}
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		throw new ConfigError(`cannot read the configuration file ${file}: ${errorMessage(error)}`);
	}
	try {
		return { config: JSON.parse(text) as UserConfig, file };
	} catch (error) {
		throw new ConfigError(`the configuration file ${file} is not valid JSON: ${errorMessage(error)}`);
	}
}

/** The nearest `.skill-distiller.json` in a folder or its parents, up to the repository root. */
export function findConfigFile(cwd: string): string | undefined {
	for (let dir = cwd; ; dir = path.dirname(dir)) {
		const candidate = path.join(dir, configFileName);
		if (fs.existsSync(candidate)) {
			return candidate;
		}
		if (fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) {
			return undefined;
		}
	}
}
