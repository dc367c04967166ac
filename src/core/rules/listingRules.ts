import type { RawFinding, Span } from '../check/findings';
import type { Listing, ListingEntry } from '../listing/listingBudget';

/** One client's listing and what it did with one skill. */
export interface ListingOutcome {
	listing: Listing;
	entry: ListingEntry;
}

function chars(count: number): string {
	return `${count.toLocaleString('en-US')} ${count === 1 ? 'character' : 'characters'}`;
}

/**
 * The budget in words: "its 8,000-character budget". Where the figure comes from (a share of the
 * context window, a fixed budget) is Show Listing Budget's to say: this message is on every skill
 * a listing leaves out, thousands of them in a large library.
 */
function budgetOf(listing: Listing): string {
	return `its ${listing.budget.toLocaleString('en-US')}-character budget`;
}

/** What one client does with the skill, in a clause; undefined when it lists the skill whole or never lists it on purpose. */
function describeOutcome({ listing, entry }: ListingOutcome): string | undefined {
	const { label, facts } = listing;
	const text = facts.listsWhenToUse ? 'description and `when_to_use`' : 'description';
	switch (entry.state) {
		case 'truncated':
			if (entry.cutBy === 'entry-limit') {
				return `${label} cuts each entry (${text}) at ${chars(facts.entryMax ?? 0)}: the last ${chars(entry.lost)} of this one's ${entry.textLength.toLocaleString('en-US')} are not listed`;
			}
			if (entry.cutBy === 'shortened') {
				return `${label} shortens every description to ${chars(listing.descriptionCap ?? 0)} to fit ${budgetOf(listing)}: ${chars(entry.lost)} of this one's ${entry.textLength.toLocaleString('en-US')} are not listed`;
			}
			return `${label}'s listing ends inside this skill's entry at ${budgetOf(listing)}: ${chars(entry.lost)} of its ${text} are not listed`;
		case 'name-only':
			return facts.overflow === 'drop-descriptions'
				? `${label} lists only its name: its listing is over ${budgetOf(listing)}, and the least-used skills lose their descriptions first${entry.skill.uses === undefined ? ' (no usage known: the last by name)' : ''}`
				: `${label} lists only its name: the names alone nearly fill ${budgetOf(listing)}`;
		case 'omitted':
			return facts.overflow === 'cut'
				? `${label} does not list it: its listing ends at ${budgetOf(listing)} before this skill`
				: `${label} leaves it out: even without descriptions its listing is over ${budgetOf(listing)}`;
		default:
			return undefined;
	}
}

/**
 * The listing-budget finding of one skill: what each targeted client that truncates or leaves it
 * out does, in one finding on its description. Invisible (left out or reduced to its name) is a
 * warning; text cut short is information.
 */
export function listingBudgetFinding(outcomes: readonly ListingOutcome[], span: Span): RawFinding | undefined {
	const clauses = outcomes.map(outcome => describeOutcome(outcome)).filter((clause): clause is string => clause !== undefined);
	if (clauses.length === 0) {
		return undefined;
	}
	const invisible = outcomes.some(({ entry }) => entry.state === 'omitted' || entry.state === 'name-only');
	return {
		rule: 'listing-budget', ...span,
		...(invisible ? {} : { severity: 'info' }),
		message: `${clauses.join('; ')} (Skills: Show Listing Budget)`,
	};
}
