import { createHash } from 'node:crypto';
import { type BodyLinter, type BodyMarkdownFinding, lintBody, type MarkdownlintRunner } from '../rules/markdownlintRules';

/** Bodies remembered at most; past it the oldest are forgotten. */
const maxEntries = 5_000;

/**
 * markdownlint's findings by content, for one process: markdownlint parses with micromark at about
 * 2 MB/s, far slower than every other rule together, and its result depends only on the body and
 * its configuration, so an editor re-checking a skill after each keystroke (or an undo back to a
 * text it has seen) lints each body once. Between runs, the analysis cache keeps whole analyses.
 */
export class MarkdownlintCache {
	private readonly entries = new Map<string, BodyMarkdownFinding[]>();
	private lastConfig?: Record<string, unknown>;
	private lastConfigText = '';

	/** A cache in front of `lint` (markdownlint in this thread, or one with a time limit). */
	constructor(private readonly lint: BodyLinter = lintBody) {}

	/** A runner that answers from the cache and lints (and remembers) what it has not seen; a stopped lint is not remembered. */
	readonly run: MarkdownlintRunner = (body, config, timeoutMs) => {
		if (config !== this.lastConfig) {
			this.lastConfig = config;
			this.lastConfigText = JSON.stringify(config);
		}
		const key = createHash('sha1').update(this.lastConfigText).update('\0').update(body).digest('base64url');
		const known = this.entries.get(key);
		if (known) {
			return known;
		}
		const findings = this.lint(body, config, timeoutMs);
		if (!('stopped' in findings)) {
			if (this.entries.size >= maxEntries) {
				this.entries.delete(this.entries.keys().next().value as string);
			}
			this.entries.set(key, findings);
		}
		return findings;
	};
}
