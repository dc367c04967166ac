import { displayPath } from '../util/paths';
import { printable } from '../util/text';
import type { Listing, ListingEntry, ListingState } from './listingBudget';

/**
 * One client's listing for people: the skills in listing order with what each costs, where the
 * budget ends, and the skills the client never lists. The same rows feed the CLI's text and JSON
 * and the editor's rendered Markdown.
 */

const stateWords: Record<ListingState, string> = {
	'listed': 'listed',
	'truncated': 'cut short',
	'name-only': 'name only',
	'omitted': 'left out',
	'not-listed': 'not listed',
};

export interface ListingRow {
	/** Position in the listing (1-based), none for skills the client never lists. */
	position?: number;
	name: string;
	path: string;
	state: ListingState;
	/** Characters the line costs as listed. */
	cost: number;
	/** Characters from the start of the listing to the end of this line. */
	through: number;
	textLength: number;
	lost: number;
	/** Why, in words, when something is lost. */
	note?: string;
}

export interface ListingSummary {
	client: string;
	label: string;
	rules: string;
	budget: number;
	budgetReason: string;
	used: number;
	wanted: number;
	counts: Record<ListingState, number>;
	/** The row before which the budget ran out (the first cut or left-out skill in listing order), if it did. */
	cutBefore?: number;
	rows: ListingRow[];
}

function noteOf(entry: ListingEntry, listing: Listing): string | undefined {
	if (entry.state === 'not-listed') {
		return entry.reason;
	}
	if (entry.state === 'truncated') {
		return entry.cutBy === 'entry-limit' ? `cut at ${listing.facts.entryMax?.toLocaleString('en-US')} characters a skill`
			: entry.cutBy === 'shortened' ? `every description shortened to ${listing.descriptionCap?.toLocaleString('en-US')} characters`
				: 'the listing ends inside it';
	}
	if (entry.state === 'name-only') {
		return listing.facts.overflow === 'drop-descriptions' ? 'description dropped: least used first' : 'description shortened to nothing';
	}
	return entry.state === 'omitted' ? 'past the end of the listing' : undefined;
}

/** The rows and totals of one listing; paths relative to the first of `bases` that holds them. */
export function summarizeListing(listing: Listing, bases: readonly string[], home?: string): ListingSummary {
	const counts: Record<ListingState, number> = { 'listed': 0, 'truncated': 0, 'name-only': 0, 'omitted': 0, 'not-listed': 0 };
	let through = 0;
	let position = 0;
	let cutBefore: number | undefined;
	const rows = listing.entries.map((entry, index): ListingRow => {
		counts[entry.state]++;
		through += entry.cost;
		const listed = entry.state !== 'not-listed';
		if (cutBefore === undefined && listed && (entry.state === 'omitted' || (entry.state === 'truncated' && entry.cutBy === 'listing-end'))) {
			cutBefore = index;
		}
		const note = noteOf(entry, listing);
		return {
			...(listed ? { position: ++position } : {}),
			name: entry.skill.name, path: displayPath(entry.skill.file, bases, home), state: entry.state,
			cost: entry.cost, through: listed ? through : 0, textLength: entry.textLength, lost: entry.lost,
			...(note === undefined ? {} : { note }),
		};
	});
	return {
		client: listing.client, label: listing.label, rules: listing.facts.source, budget: listing.budget, budgetReason: listing.budgetReason,
		used: listing.used, wanted: listing.wanted, counts, ...(cutBefore === undefined ? {} : { cutBefore }), rows,
	};
}

function number(value: number): string {
	return value.toLocaleString('en-US');
}

/** The totals in one sentence: "7,996 of 8,000 characters; 41 listed, 19 by name only, 3 not listed". */
export function describeTotals(summary: ListingSummary): string {
	const parts = (Object.keys(summary.counts) as ListingState[]).filter(state => summary.counts[state] > 0).map(state => `${number(summary.counts[state])} ${stateWords[state]}`);
	const wanted = summary.wanted > summary.used ? ` (${number(summary.wanted)} with every text whole)` : '';
	return `${number(summary.used)} of ${number(summary.budget)} characters${wanted}; ${parts.join(', ') || 'no skills'}`;
}

/** The cut, as a row of its own. */
function cutLine(summary: ListingSummary): string {
	return `the listing ends here: ${number(summary.budget)} characters`;
}

/** Text for a terminal: one line per skill, the cut marked where it falls; names and notes made printable. */
export function listingText(summary: ListingSummary): string {
	const lines = [`${summary.label} — budget ${number(summary.budget)} characters (${summary.budgetReason})`, `  rules: ${summary.rules}`, `  ${describeTotals(summary)}`, ''];
	lines.push(`  ${'#'.padStart(5)}  ${'cost'.padStart(6)}  ${'through'.padStart(7)}  ${'state'.padEnd(10)}  skill`);
	summary.rows.forEach((row, index) => {
		if (index === summary.cutBefore) {
			lines.push(`  ${'─'.repeat(8)} ${cutLine(summary)} ${'─'.repeat(8)}`);
		}
		const lost = row.lost > 0 && row.state !== 'not-listed' ? ` −${number(row.lost)}` : '';
		lines.push(`  ${String(row.position ?? '').padStart(5)}  ${number(row.cost).padStart(6)}  ${(row.position ? number(row.through) : '').padStart(7)}  ${stateWords[row.state].padEnd(10)}  ${printable(row.name)}${lost}${row.note ? `  (${printable(row.note)})` : ''}`);
	});
	return `${lines.join('\n')}\n`;
}

/** A table cell: pipes and line ends escaped, Markdown's own characters shown as typed. */
function cell(text: string): string {
	return text.replace(/\\/g, '\\\\').replace(/([|`*_[\]<>#])/g, '\\$1').replace(/\r?\n/g, ' ');
}

/** Markdown for the editor's preview: the same rows as a table, the cut as a row of its own. */
export function listingMarkdown(summary: ListingSummary): string {
	const lines = [
		`# ${cell(summary.label)}: listing budget`, '',
		`**Budget:** ${number(summary.budget)} characters (${cell(summary.budgetReason)}).  `,
		`**Rules:** ${cell(summary.rules)}.  `,
		`**Used:** ${cell(describeTotals(summary))}.`, '',
		'| # | skill | state | cost | through | lost | why |',
		'|--:|---|---|--:|--:|--:|---|',
	];
	summary.rows.forEach((row, index) => {
		if (index === summary.cutBefore) {
			lines.push(`| | **✂ ${cell(cutLine(summary))}** | | | | | |`);
		}
		lines.push(`| ${row.position ?? ''} | ${cell(row.name)}<br>${cell(row.path)} | ${stateWords[row.state]} | ${number(row.cost)} | ${row.position ? number(row.through) : ''} | ${row.lost > 0 ? number(row.lost) : ''} | ${cell(row.note ?? '')} |`);
	});
	if (summary.rows.length === 0) {
		lines.push('| | no skills this client reads | | | | | |');
	}
	return `${lines.join('\n')}\n`;
}
