import { ConfigError, type UserConfig } from './config';
import type { ConfigSuppression } from './suppressions';

/**
 * Edits of the configuration file's text, as the editor's quick fixes make them: the file is read
 * as JSON, changed, and written back in the indentation it had (a tab, or two spaces for a new file).
 */

function parsed(text: string | undefined): UserConfig {
	if (text === undefined || text.trim() === '') {
		return {};
	}
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw new ConfigError(`the configuration file is not valid JSON (${(error as Error).message}); fix it first`);
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new ConfigError('the configuration file does not hold a JSON object; fix it first');
	}
	return value as UserConfig;
}

function written(text: string | undefined, config: UserConfig): string {
	const indent = text?.match(/\n([ \t]+)"/)?.[1] ?? '  ';
	return JSON.stringify(config, null, indent) + '\n';
}

/** The configuration with a rule suppressed for the whole project, with its reason; unchanged if it already is. */
export function withSuppression(text: string | undefined, entry: ConfigSuppression): string {
	const config = parsed(text);
	const suppress = config.suppress ?? [];
	if (suppress.some(existing => existing.rule === entry.rule && !existing.skills && existing.reason?.trim())) {
		return text ?? written(text, config);
	}
	return written(text, { ...config, suppress: [...suppress, entry] });
}

/** The configuration with a pair of skills marked distinct; unchanged if it already is. */
export function withDistinctPair(text: string | undefined, pair: [string, string]): string {
	const config = parsed(text);
	const distinct = config.distinct ?? [];
	if (distinct.some(existing => existing.includes(pair[0]) && existing.includes(pair[1]))) {
		return text ?? written(text, config);
	}
	return written(text, { ...config, distinct: [...distinct, pair] });
}
