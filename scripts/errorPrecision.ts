/**
 * How often each error rule is right on real skills nobody here wrote: samples drawn with
 * `npm run sample:errors -- <collection>` (seed 1, at most 100 per rule) and judged by a person.
 * docs/rules.md shows this table; a new sample replaces a row.
 */
export interface PrecisionSample {
	rule: string;
	/** Where the sample came from, and when. */
	source: string;
	sampled: number;
	/** Findings the person judged true. */
	correct: number;
	/** What the false ones were, or why the sample is what it is. */
	notes: string;
}

const corpora = '`../shared/corpora` (anthropic-skills, cc-skills, superpowers: 267 skills), 2026-11-30';

export const errorPrecision: readonly PrecisionSample[] = [
	{ rule: 'description-too-long', source: corpora, sampled: 1, correct: 1, notes: 'A 1,068-character description: Codex skips the skill.' },
	{ rule: 'secret', source: corpora, sampled: 0, correct: 0, notes: 'Before the placeholder rules: 4 findings, 0 true (`user:pass` twice, `calcom:calcom` in a compose URL, a password shown as an example). None now; the issue\'s ten placeholder shapes and five real secrets are unit tests.' },
	{ rule: 'duplicate-name', source: corpora, sampled: 0, correct: 0, notes: 'Before plugin names: 34 findings, 0 true (skills of different Claude Code plugins, which Claude Code namespaces `<plugin>:<name>`). None now; two real copies of one name are a unit test that must fire.' },
	{ rule: 'hidden-unicode', source: corpora, sampled: 0, correct: 0, notes: 'Before: 5 findings, 0 true (zero-width spaces in mathematics copied from a rendered paper). None now; an emoji sequence, typeset mathematics and Thai are unit tests that must not fire.' },
];
