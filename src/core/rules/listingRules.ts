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

/** The budget in words: "its budget of 8,000 characters (1% of the context window, which is not set: the default)". */
function budgetOf(listing: Listing): string {
	return `its budget of ${listing.budget.toLocaleString('en-US')} characters (${listing.budgetReason})`;
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
			return `${label}'s listing, in name order, ends inside this skill's entry at ${budgetOf(listing)}: ${chars(entry.lost)} of its ${text} are not listed`;
		case 'name-only':
			return facts.overflow === 'drop-descriptions'
				? `${label} lists only its name, without its ${chars(entry.textLength)} of ${text}: the listing is over ${budgetOf(listing)}, and the least-used skills lose their descriptions first${entry.skill.uses === undefined ? ' (with no usage known, the last in name order)' : ''}`
				: `${label} lists only its name, without its ${chars(entry.textLength)} of ${text}: the names alone nearly fill ${budgetOf(listing)}`;
		case 'omitted':
			return facts.overflow === 'cut'
				? `${label} does not list it: its listing, in name order, ends at ${budgetOf(listing)} before this skill`
				: `${label} leaves it out: even with every description shortened to nothing, the listing does not fit ${budgetOf(listing)}, and the skills last in its order (${facts.order === 'scope-then-name' ? 'project skills, then personal ones, by name' : 'by name'}) are left out`;
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
		message: `${clauses.join('; ')} (Skills: Show Listing Budget shows each listing whole)`,
	};
}
