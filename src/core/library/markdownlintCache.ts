import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type BodyLinter, type BodyMarkdownFinding, lintBody, type MarkdownlintRunner } from '../rules/markdownlintRules';

/** Bumped whenever the cached format or the markdownlint version changes. */
const cacheVersion = 'markdownlint-0.40.0/2';
const maxEntries = 200_000;

type Entries = Record<string, BodyMarkdownFinding[]>;

/**
 * markdownlint's findings by content: markdownlint parses with micromark at about 2 MB/s, far
 * slower than every other rule together, and its result depends only on the body and its
 * configuration. Keys hash the cache version, the configuration and the body.
 */
export class MarkdownlintCache {
	private readonly fresh: Entries = {};
	private hits = 0;
	private misses = 0;
	private lastConfig?: Record<string, unknown>;
	private lastConfigText = '';

	private constructor(private readonly stored: Entries, private readonly lint: BodyLinter) {}

	/** A cache of nothing yet, in front of `lint` (markdownlint in this thread, or one with a time limit). */
	static empty(lint: BodyLinter = lintBody): MarkdownlintCache {
		return new MarkdownlintCache({}, lint);
	}

	/** Loads a cache file; a missing or damaged file is an empty cache. */
	static load(file: string, lint: BodyLinter = lintBody): MarkdownlintCache {
		try {
			const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string; entries?: Entries };
			return new MarkdownlintCache(parsed.version === cacheVersion && parsed.entries ? parsed.entries : {}, lint);
		} catch {
			return MarkdownlintCache.empty(lint);
		}
	}

	get stats(): { hits: number; misses: number } {
		return { hits: this.hits, misses: this.misses };
	}

	/** A runner that answers from the cache and lints (and remembers) what it has not seen; a stopped lint is not remembered. */
	readonly run: MarkdownlintRunner = (body, config, timeoutMs) => {
		if (config !== this.lastConfig) {
			this.lastConfig = config;
			this.lastConfigText = JSON.stringify(config);
		}
		const key = createHash('sha1').update(cacheVersion).update(this.lastConfigText).update('\0').update(body).digest('base64url');
		const known = this.fresh[key] ?? this.stored[key];
		if (known) {
			this.hits++;
			this.fresh[key] = known;
			return known;
		}
		this.misses++;
		const findings = this.lint(body, config, timeoutMs);
		if (!('stopped' in findings)) {
			this.fresh[key] = findings;
		}
		return findings;
	};

	/** The entries used or computed since loading, to merge into the file. */
	takeFresh(): Entries {
		return this.fresh;
	}

	/**
	 * Writes the entries used in this run first, then older ones up to the size cap, atomically
	 * (a temporary file renamed over the old one).
	 */
	static save(file: string, runs: readonly Entries[], previous: MarkdownlintCache): void {
		const entries: Entries = {};
		let count = 0;
		for (const source of [...runs, previous.stored]) {
			for (const [key, value] of Object.entries(source)) {
				if (count >= maxEntries) {
					break;
				}
				if (!(key in entries)) {
					entries[key] = value;
					count++;
				}
			}
		}
		fs.mkdirSync(path.dirname(file), { recursive: true });
		const temporary = `${file}.${process.pid}.tmp`;
		fs.writeFileSync(temporary, JSON.stringify({ version: cacheVersion, entries }));
		fs.renameSync(temporary, file);
	}
}
