import { type OptionValue, ruleCatalog, ruleMeta } from '../rules/catalog';
import { lifecycleKeys } from '../skill/lifecycle';
import type { Severity, SeveritySetting } from './findings';
import { type ClientId, clientIds, clients, fieldsOf } from './clients';
import { type ProfileId, profileIds, profiles } from './profiles';
import type { ConfigSuppression } from './suppressions';

/** The rules of markdownlint 0.40 (a unit test checks this list against the installed package). */
export const markdownlintRules = new Set([
	'MD001', 'MD003', 'MD004', 'MD005', 'MD007', 'MD009', 'MD010', 'MD011', 'MD012', 'MD013', 'MD014', 'MD018', 'MD019', 'MD020',
	'MD021', 'MD022', 'MD023', 'MD024', 'MD025', 'MD026', 'MD027', 'MD028', 'MD029', 'MD030', 'MD031', 'MD032', 'MD033', 'MD034',
	'MD035', 'MD036', 'MD037', 'MD038', 'MD039', 'MD040', 'MD041', 'MD042', 'MD043', 'MD044', 'MD045', 'MD046', 'MD047', 'MD048',
	'MD049', 'MD050', 'MD051', 'MD052', 'MD053', 'MD054', 'MD055', 'MD056', 'MD058', 'MD059', 'MD060',
]);

/** A rule's entry in a configuration file: a severity, or options with an optional severity. */
export type RuleSetting = SeveritySetting | ({ severity?: SeveritySetting } & Record<string, OptionValue | undefined>);

/** The configuration file's shape (`.skill-distiller.json`). */
export interface UserConfig {
	profile?: ProfileId;
	/** The clients the library is for, several at once; the profile's by default. */
	targets?: ClientId[];
	/** The date rules measure ages against (YYYY-MM-DD); today by default. */
	today?: string;
	rules?: Record<string, RuleSetting>;
	/** markdownlint configuration, in markdownlint's own format, merged over the defaults. */
	markdownlint?: Record<string, unknown>;
	/** Rules not reported, each with the reason, for the whole project or the skills named. */
	suppress?: ConfigSuppression[];
	/** Pairs of skill names a person marked distinct: their descriptions are not duplicates. */
	distinct?: string[][];
	/** Ignore the suppressions written in SKILL.md files (for CI). */
	noInlineConfig?: boolean;
	/** What the listing budget of each client depends on: the model's context window, the client version. */
	listing?: ListingConfig;
}

/** Per client: the context window of the model it runs (in tokens) and its version. */
export interface ListingConfig {
	contextTokens?: Partial<Record<ClientId, number>>;
	clientVersions?: Partial<Record<ClientId, string>>;
}

/** Plain data (it crosses into worker threads) that every rule reads its settings from. */
export interface CheckConfig {
	profile: ProfileId;
	/** The clients whose facts the rules apply: their fields are known, their requirements hold. */
	targets: ClientId[];
	today: string;
	severities: Record<string, SeveritySetting>;
	/** Rules whose severity the user set explicitly. */
	explicit: string[];
	options: Record<string, Record<string, OptionValue>>;
	markdownlint: Record<string, unknown>;
	/** The configuration's suppressions that have a reason. */
	suppress: ConfigSuppression[];
	/** Why each configured suppression that suppresses nothing was ignored. */
	suppressProblems: string[];
	distinct: [string, string][];
	/** Whether suppressions written in SKILL.md files count. */
	inlineConfig: boolean;
	listing: Required<ListingConfig>;
}

export class ConfigError extends Error {}

/**
 * The conservative markdownlint rule set: Markdown that renders wrongly or leads nowhere (a
 * heading that is not one, reversed or empty links, fragments and references to nothing, table
 * rows with the wrong number of cells), not style.
 */
export const defaultMarkdownlintConfig: Record<string, unknown> = {
	default: false,
	MD011: true, MD018: true, MD019: true, MD042: true, MD051: true, MD052: true, MD056: true,
};

/** Validates a user configuration and resolves it against its profile and the catalog. */
export function resolveConfig(user: UserConfig = {}, now: Date = new Date()): CheckConfig {
	if (!isPlainObject(user)) {
		throw new ConfigError('the configuration must be a JSON object');
	}
	for (const key of Object.keys(user)) {
		if (!['profile', 'targets', 'today', 'rules', 'markdownlint', 'suppress', 'distinct', 'noInlineConfig', 'listing', '$schema'].includes(key)) {
			throw new ConfigError(`unknown configuration key "${key}" (expected profile, targets, today, rules, markdownlint, suppress, distinct, noInlineConfig, listing)`);
		}
	}
	const profileId = user.profile ?? 'default';
	if (!(profileIds as readonly string[]).includes(profileId)) {
		throw new ConfigError(`unknown profile "${profileId}" (expected one of ${profileIds.join(', ')})`);
	}
	if (user.today !== undefined && !isCalendarDate(user.today)) {
		throw new ConfigError(`"today" must be a date written YYYY-MM-DD, not ${JSON.stringify(user.today)}`);
	}
	if (user.rules !== undefined && !isPlainObject(user.rules)) {
		throw new ConfigError('"rules" must be an object of rule ids, each with a severity or options');
	}
	if (user.targets !== undefined && (!Array.isArray(user.targets) || user.targets.some(target => !(clientIds as readonly string[]).includes(target)))) {
		throw new ConfigError(`"targets" must be a list of clients (${clientIds.join(', ')})`);
	}
	const profile = profiles[profileId];
	const severities: Record<string, SeveritySetting> = {};
	const options: Record<string, Record<string, OptionValue>> = {};
	for (const rule of ruleCatalog) {
		severities[rule.id] = profile.severities[rule.id] ?? rule.severity;
		options[rule.id] = Object.fromEntries(Object.entries(rule.options).map(([name, option]) => [name, option.default]));
	}
	if (user.targets !== undefined) {
		// A missing name or description is an error when some targeted client refuses the skill for it.
		severities['name-missing'] = user.targets.some(target => clients[target].requiresName) ? 'error' : 'off';
		severities['description-missing'] = user.targets.some(target => clients[target].requiresDescription) ? 'error' : 'warning';
	}
	const explicit: string[] = [];
	for (const [id, setting] of Object.entries(user.rules ?? {})) {
		const meta = ruleMeta(id);
		if (!meta || (id.startsWith('md/') && !markdownlintRules.has(id.slice(3)))) {
			throw new ConfigError(`unknown rule "${id}" in "rules" (see docs/rules.md for the rule ids; markdownlint rules are written md/MD001)`);
		}
		const severity = typeof setting === 'string' ? setting : setting?.severity;
		if (severity !== undefined) {
			if (!isSeveritySetting(severity)) {
				throw new ConfigError(`rule "${id}": severity must be error, warning, info or off, not ${JSON.stringify(severity)}`);
			}
			severities[id] = severity;
			explicit.push(id);
		}
		if (typeof setting === 'object' && setting !== null) {
			for (const [name, value] of Object.entries(setting)) {
				if (name === 'severity') {
					continue;
				}
				if (id !== meta.id) {
					throw new ConfigError(`rule "${id}" takes only a severity; markdownlint's own options go in the "markdownlint" object`);
				}
				const option = meta.options[name];
				if (!option) {
					const known = Object.keys(meta.options);
					throw new ConfigError(`rule "${id}" has no option "${name}"${known.length ? ` (its options: ${known.join(', ')})` : ''}`);
				}
				if (!sameType(option.default, value)) {
					throw new ConfigError(`rule "${id}": option "${name}" must be ${Array.isArray(option.default) ? 'a list of strings' : `a ${typeof option.default}`}, not ${JSON.stringify(value)}`);
				}
				options[id][name] = value as OptionValue;
			}
		} else if (typeof setting !== 'string') {
			throw new ConfigError(`rule "${id}": expected a severity or an object of options`);
		}
	}
	if (user.markdownlint !== undefined && !isPlainObject(user.markdownlint)) {
		throw new ConfigError('"markdownlint" must be an object in markdownlint\'s configuration format');
	}
	if (user.noInlineConfig !== undefined && typeof user.noInlineConfig !== 'boolean') {
		throw new ConfigError('"noInlineConfig" must be true or false');
	}
	return {
		profile: profileId,
		targets: [...(user.targets ?? profile.targets)],
		today: user.today ?? now.toISOString().slice(0, 10),
		severities,
		explicit,
		options,
		markdownlint: { ...defaultMarkdownlintConfig, ...user.markdownlint },
		...resolveSuppressions(user.suppress),
		distinct: resolveDistinct(user.distinct),
		inlineConfig: user.noInlineConfig !== true,
		listing: resolveListing(user.listing),
	};
}

/** The listing settings: per client, a context window of whole tokens and a dotted version. */
function resolveListing(listing: unknown): Required<ListingConfig> {
	if (listing === undefined) {
		return { contextTokens: {}, clientVersions: {} };
	}
	if (!isPlainObject(listing)) {
		throw new ConfigError('"listing" must be an object with "contextTokens" and "clientVersions"');
	}
	const { contextTokens = {}, clientVersions = {}, ...rest } = listing as Record<string, unknown>;
	const unknown = Object.keys(rest)[0];
	if (unknown !== undefined) {
		throw new ConfigError(`"listing" has no key "${unknown}" (expected contextTokens, clientVersions)`);
	}
	const perClient = (value: unknown, key: string, valid: (item: unknown) => boolean, what: string): Record<string, unknown> => {
		if (!isPlainObject(value)) {
			throw new ConfigError(`"listing.${key}" must be an object of clients (${clientIds.join(', ')}), each with ${what}`);
		}
		for (const [client, item] of Object.entries(value as Record<string, unknown>)) {
			if (!(clientIds as readonly string[]).includes(client)) {
				throw new ConfigError(`"listing.${key}" names "${client}", which is no client (expected ${clientIds.join(', ')})`);
			}
			if (!valid(item)) {
				throw new ConfigError(`"listing.${key}.${client}" must be ${what}, not ${JSON.stringify(item)}`);
			}
		}
		return value as Record<string, unknown>;
	};
	return {
		contextTokens: perClient(contextTokens, 'contextTokens', item => Number.isInteger(item) && (item as number) > 0, 'a whole number of tokens') as ListingConfig['contextTokens'] & object,
		clientVersions: perClient(clientVersions, 'clientVersions', item => typeof item === 'string' && /^\d+(?:\.\d+)*$/.test(item.trim()), 'a version such as "2.1.218"') as ListingConfig['clientVersions'] & object,
	};
}

/** The configured suppressions: a malformed list is an error; an entry without a reason is ignored, and said to be. */
function resolveSuppressions(entries: unknown): Pick<CheckConfig, 'suppress' | 'suppressProblems'> {
	if (entries === undefined) {
		return { suppress: [], suppressProblems: [] };
	}
	if (!Array.isArray(entries)) {
		throw new ConfigError('"suppress" must be a list of { "rule", "reason", "skills"? } entries');
	}
	const suppress: ConfigSuppression[] = [];
	const suppressProblems: string[] = [];
	entries.forEach((entry: unknown, index) => {
		const { rule, reason, skills } = (isPlainObject(entry) ? entry : {}) as Record<string, unknown>;
		if (typeof rule !== 'string' || !ruleMeta(rule)) {
			throw new ConfigError(`"suppress" entry ${index + 1} must name a rule of the catalog in "rule", not ${JSON.stringify(rule)}`);
		}
		if (skills !== undefined && !(Array.isArray(skills) && skills.every(skill => typeof skill === 'string'))) {
			throw new ConfigError(`"suppress" entry ${index + 1} (${rule}): "skills" must be a list of skill names`);
		}
		if (typeof reason !== 'string' || reason.trim() === '') {
			suppressProblems.push(`the suppression of ${rule} (entry ${index + 1} of "suppress") gives no "reason", so it suppresses nothing`);
			return;
		}
		suppress.push({ rule, reason: reason.trim(), ...(skills ? { skills: skills as string[] } : {}) });
	});
	return { suppress, suppressProblems };
}

function resolveDistinct(pairs: unknown): [string, string][] {
	if (pairs === undefined) {
		return [];
	}
	if (!Array.isArray(pairs) || !pairs.every(pair => Array.isArray(pair) && pair.length === 2 && pair.every(name => typeof name === 'string'))) {
		throw new ConfigError('"distinct" must be a list of pairs of skill names, e.g. [["pdf-forms", "pdf-reading"]]');
	}
	return pairs as [string, string][];
}

function isPlainObject(value: unknown): boolean {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A real day written YYYY-MM-DD (2026-02-30 is not one). */
function isCalendarDate(value: unknown): boolean {
	const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
	if (!match) {
		return false;
	}
	const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
	return date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3]);
}

function isSeveritySetting(value: unknown): value is SeveritySetting {
	return value === 'error' || value === 'warning' || value === 'info' || value === 'off';
}

function sameType(expected: OptionValue, value: unknown): boolean {
	if (Array.isArray(expected)) {
		return Array.isArray(value) && value.every(item => typeof item === 'string');
	}
	return typeof value === typeof expected && !(typeof value === 'number' && !Number.isFinite(value));
}

/** The severity a rule's findings get, or `off`. `md/<rule>` falls back to the `md` setting. */
export function severityFor(config: CheckConfig, rule: string, own?: Severity): SeveritySetting {
	const configured = config.severities[rule] ?? (rule.startsWith('md/') ? config.severities.md : undefined) ?? 'warning';
	if (configured === 'off' || !own) {
		return configured;
	}
	const explicit = config.explicit.includes(rule) || (rule.startsWith('md/') && config.explicit.includes('md'));
	return explicit ? configured : own;
}

export function optionOf<T extends OptionValue>(config: CheckConfig, rule: string, name: string): T {
	return config.options[rule][name] as T;
}

/** Top-level frontmatter keys the profile accepts without an `unknown-field` finding. */
export function knownTopLevelKeys(config: CheckConfig): Set<string> {
	const profile = profiles[config.profile];
	const keys = new Set([...fieldsOf(config.targets), ...optionOf<string[]>(config, 'unknown-field', 'allow')]);
	if (!profile.lifecycleUnderMetadata) {
		for (const key of lifecycleKeys) {
			keys.add(key);
		}
	}
	return keys;
}
