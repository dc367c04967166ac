import { type ClientId, clients, type ListingFacts } from '../check/clients';

/**
 * The listing of skills a client puts before the model — names and descriptions within a budget
 * of characters — simulated from the client's facts (`clients.ts`), so a person sees which skills
 * a client truncates or leaves out, by how much, and why. Linear in the skills apart from one
 * sort by listing order (and, for Codex, a search over one number), so a library of 20,000 skills
 * is simulated in milliseconds.
 */

/** What the listing reads of one skill. */
export interface ListedSkill {
	/** The caller's key for the skill. */
	id: number;
	/** The name the client lists (plugin-qualified; the folder's when there is none). */
	name: string;
	description: string;
	whenToUse?: string;
	/** `disable-model-invocation: true`. */
	modelDisabled: boolean;
	file: string;
	scope: 'project' | 'user' | 'folder';
	/** How often agents loaded it, when known: the least used lose their descriptions first in Claude Code. */
	uses?: number;
}

/**
 * What became of one skill: listed whole, `truncated` (part of its text cut), `name-only` (its
 * description dropped), `omitted` (not listed for want of room) or `not-listed` (the client never
 * lists it: `disable-model-invocation`, or a skill the client does not load).
 */
export type ListingState = 'listed' | 'truncated' | 'name-only' | 'omitted' | 'not-listed';

export interface ListingEntry {
	skill: ListedSkill;
	state: ListingState;
	/** Characters the skill's line costs as listed (0 when it is not). */
	cost: number;
	/** Characters of its text (description, and `when_to_use` where read) the client would list in full. */
	textLength: number;
	/** Characters of that text the client does not list. */
	lost: number;
	/** What cut it, for `truncated`: the per-entry limit, a shortening of every description, or the end of the listing. */
	cutBy: 'entry-limit' | 'shortened' | 'listing-end' | undefined;
	/** Why a `not-listed` skill is not listed. */
	reason: string | undefined;
}

export interface Listing {
	client: ClientId;
	label: string;
	facts: ListingFacts;
	/** The budget in characters, and how it was set ("1% of a 200,000-token context window"). */
	budget: number;
	budgetReason: string;
	/** The skills in listing order, then those never listed. */
	entries: ListingEntry[];
	/** Characters the listing takes. */
	used: number;
	/** Characters the listing would take with every listed text whole. */
	wanted: number;
	/** For Codex's truncation: the length every description was shortened to. */
	descriptionCap?: number;
}

/** How the listing is configured for one client: the model's context window and the client version. */
export interface ListingSettings {
	contextTokens?: number;
	version?: string;
}

/** Compares dotted version numbers (2.1.32 < 2.1.218); text after the numbers is ignored. */
export function compareVersions(a: string, b: string): number {
	const parts = (version: string) => (/^\d+(?:\.\d+)*/.exec(version.trim())?.[0] ?? '0').split('.').map(Number);
	const [left, right] = [parts(a), parts(b)];
	for (let i = 0; i < Math.max(left.length, right.length); i++) {
		const difference = (left[i] ?? 0) - (right[i] ?? 0);
		if (difference !== 0) {
			return difference;
		}
	}
	return 0;
}

/** Whether a text is a version this module can compare ("2.1.218", "0.48"). */
export function isVersion(text: string): boolean {
	return /^\d+(?:\.\d+)*$/.test(text.trim());
}

/** The listing rules of a client version: the newest row not newer than it, the newest row when no version is given. */
export function listingFactsFor(client: ClientId, version?: string): ListingFacts | undefined {
	const rows = clients[client].listing;
	if (!rows || rows.length === 0) {
		return undefined;
	}
	if (version === undefined) {
		return rows[rows.length - 1];
	}
	return [...rows].reverse().find(row => row.since === undefined || compareVersions(row.since, version) <= 0) ?? rows[0];
}

/** The clients among `targets` whose listing is known. */
export function listedClients(targets: readonly ClientId[]): ClientId[] {
	return targets.filter(client => clients[client].listing !== undefined);
}

/** The budget in characters and how it was set. */
export function listingBudget(facts: ListingFacts, contextTokens?: number): { budget: number; reason: string } {
	if (facts.contextShare !== undefined && contextTokens !== undefined && contextTokens > 0) {
		const budget = Math.max(1, Math.floor(contextTokens * facts.contextShare * facts.charsPerToken));
		return { budget, reason: `${formatShare(facts.contextShare)} of a ${contextTokens.toLocaleString('en-US')}-token context window, about ${facts.charsPerToken} characters a token` };
	}
	return {
		budget: facts.defaultChars,
		reason: facts.contextShare !== undefined ? `${formatShare(facts.contextShare)} of the context window, which is not set: the default` : 'a fixed budget',
	};
}

function formatShare(share: number): string {
	return `${Math.round(share * 1000) / 10}%`;
}

/** Characters as a client counts them: code points, not UTF-16 units. */
function length(text: string): number {
	let count = text.length;
	for (let index = 0; index < text.length; index++) {
		const unit = text.charCodeAt(index);
		// The first half of a surrogate pair: the pair is one character.
		if (unit >= 0xd800 && unit <= 0xdbff) {
			count--;
		}
	}
	return count;
}

/** Characters of a text as listed on one line: whitespace runs read as one space, none at either end; one pass, no copy. */
function listedLength(text: string): number {
	let count = 0;
	let pendingSpace = false;
	for (let index = 0; index < text.length; index++) {
		const unit = text.charCodeAt(index);
		if (unit === 32 || (unit >= 9 && unit <= 13) || unit === 0xa0 || unit === 0x2028 || unit === 0x2029 || unit === 0xfeff || (unit >= 0x2000 && unit <= 0x200a) || unit === 0x1680 || unit === 0x202f || unit === 0x205f || unit === 0x3000) {
			pendingSpace = count > 0;
			continue;
		}
		if (pendingSpace) {
			count++;
			pendingSpace = false;
		}
		// The second half of a surrogate pair belongs to the character the first half counted.
		if (unit < 0xdc00 || unit > 0xdfff) {
			count++;
		}
	}
	return count;
}

/** The listed lengths of a skill's description and `when_to_use`, measured once per skill object (the index keeps its objects between edits). */
const measured = new WeakMap<ListedSkill, { description: number; when: number; name: number; file: number }>();

function measure(skill: ListedSkill): { description: number; when: number; name: number; file: number } {
	let lengths = measured.get(skill);
	if (!lengths) {
		lengths = { description: listedLength(skill.description), when: skill.whenToUse === undefined ? 0 : listedLength(skill.whenToUse), name: length(skill.name), file: length(skill.file) };
		measured.set(skill, lengths);
	}
	return lengths;
}

/** Characters of a skill's listed text: its description, and `when_to_use` after it where the client reads it. */
function listedTextLength(skill: ListedSkill, facts: ListingFacts): number {
	const { description, when: whenLength } = measure(skill);
	const when = facts.listsWhenToUse ? whenLength : 0;
	return description > 0 && when > 0 ? description + 1 + when : description + when;
}

/** Characters a listed line costs around its text: `- name: ` before, ` (file: path)` after, and the line end. */
function overhead(skill: ListedSkill, facts: ListingFacts): { withText: number; nameOnly: number } {
	const lengths = measure(skill);
	// ` (file: ` and `)` around the path.
	const path = facts.listsPath ? 8 + lengths.file + 1 : 0;
	const name = lengths.name;
	return { withText: 2 + name + 2 + path + 1, nameOnly: 2 + name + path + 1 };
}

/** Why a client never lists a skill, if it does not. */
function notListedReason(skill: ListedSkill, facts: ListingFacts, label: string): string | undefined {
	if (facts.skipsModelDisabled && skill.modelDisabled) {
		return `\`disable-model-invocation: true\`: ${label} lists only skills the model may choose`;
	}
	if (facts.skipsInvalid && (measure(skill).description === 0 || length(skill.description) > 1024 || measure(skill).name > 64)) {
		return `${label} does not load a skill without a description, with one over 1,024 characters or a name over 64`;
	}
	return undefined;
}

/** The order a client lists skills in, as a comparison. */
export function listingOrder(facts: Pick<ListingFacts, 'order'>): (a: Pick<ListedSkill, 'name' | 'file' | 'scope'>, b: Pick<ListedSkill, 'name' | 'file' | 'scope'>) => number {
	const scopeRank = (skill: Pick<ListedSkill, 'scope'>) => (facts.order === 'scope-then-name' && skill.scope === 'user' ? 1 : 0);
	return (a, b) => scopeRank(a) - scopeRank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
}

interface Working extends ListingEntry {
	full: number;
	nameOnly: number;
	/** Length of the text after the per-entry limit. */
	kept: number;
}

/**
 * Simulates one client's listing of the skills it loads. `sorted` says the skills are in the
 * client's listing order already (the library index keeps that order between edits, which spares
 * a sort of 20,000 names on every keystroke).
 */
export function simulateListing(client: ClientId, skills: readonly ListedSkill[], settings: ListingSettings = {}, sorted = false): Listing | undefined {
	const facts = listingFactsFor(client, settings.version);
	if (!facts) {
		return undefined;
	}
	const { label } = clients[client];
	const { budget, reason } = listingBudget(facts, settings.contextTokens);
	const listed: Working[] = [];
	const never: ListingEntry[] = [];
	for (const skill of sorted ? skills : [...skills].sort(listingOrder(facts))) {
		const why = notListedReason(skill, facts, label);
		const textLength = listedTextLength(skill, facts);
		if (why !== undefined) {
			never.push({ skill, state: 'not-listed', cost: 0, textLength, lost: textLength, cutBy: undefined, reason: why });
			continue;
		}
		const kept = facts.entryMax !== undefined ? Math.min(textLength, facts.entryMax) : textLength;
		const around = overhead(skill, facts);
		const full = textLength === 0 ? around.nameOnly : around.withText + kept;
		listed.push({
			skill, state: kept < textLength ? 'truncated' : 'listed', cost: full, textLength, lost: textLength - kept,
			cutBy: kept < textLength ? 'entry-limit' : undefined, reason: undefined, full, nameOnly: around.nameOnly, kept,
		});
	}
	const wanted = listed.reduce((sum, entry) => sum + entry.textLength + (entry.full - entry.kept), 0);
	let descriptionCap: number | undefined;
	if (facts.overflow === 'drop-descriptions') {
		dropDescriptions(listed, budget);
	} else if (facts.overflow === 'truncate-then-omit') {
		descriptionCap = truncateThenOmit(listed, budget);
	} else {
		cutAtBudget(listed, budget);
	}
	// The working entries are handed out as they are (their extra fields unread): a copy of each cost a keystroke in a large library.
	const entries: ListingEntry[] = listed;
	for (const entry of never) {
		entries.push(entry);
	}
	return {
		client, label, facts, budget, budgetReason: reason, entries,
		used: listed.reduce((sum, entry) => sum + entry.cost, 0), wanted,
		...(descriptionCap === undefined ? {} : { descriptionCap }),
	};
}

/** Claude Code: names stay; the least-used skills lose their descriptions until the listing fits. */
function dropDescriptions(listed: Working[], budget: number): void {
	let used = listed.reduce((sum, entry) => sum + entry.cost, 0);
	if (used <= budget) {
		return;
	}
	// Without usage every skill counts as unused, and the last in name order lose first.
	const losing = listed.filter(entry => entry.kept > 0).sort((a, b) => (a.skill.uses ?? 0) - (b.skill.uses ?? 0) || (a.skill.name < b.skill.name ? 1 : a.skill.name > b.skill.name ? -1 : 0));
	for (const entry of losing) {
		if (used <= budget) {
			break;
		}
		used -= entry.cost - entry.nameOnly;
		entry.cost = entry.nameOnly;
		entry.state = 'name-only';
		entry.lost = entry.textLength;
		entry.cutBy = undefined;
	}
}

/**
 * Codex: every description is shortened to one common length, the longest that fits; when the
 * names alone do not fit, skills are left out from the end of the listing order.
 */
function truncateThenOmit(listed: Working[], budget: number): number | undefined {
	const total = (cap: number) => listed.reduce((sum, entry) => sum + (entry.kept === 0 ? entry.nameOnly : entry.full - entry.kept + Math.min(entry.kept, cap)), 0);
	const longest = listed.reduce((max, entry) => Math.max(max, entry.kept), 0);
	if (total(longest) <= budget) {
		return undefined;
	}
	let cap = 0;
	if (total(0) <= budget) {
		// The longest common length that fits: total() grows with the cap, so a binary search finds it.
		let [low, high] = [0, longest];
		while (low < high) {
			const middle = Math.ceil((low + high) / 2);
			if (total(middle) <= budget) {
				low = middle;
			} else {
				high = middle - 1;
			}
		}
		cap = low;
	}
	let used = 0;
	for (const entry of listed) {
		const shown = Math.min(entry.kept, cap);
		const cost = shown === 0 ? entry.nameOnly : entry.full - entry.kept + shown;
		if (used + cost > budget) {
			entry.state = 'omitted';
			entry.cost = 0;
			entry.lost = entry.textLength;
			entry.cutBy = undefined;
			continue;
		}
		used += cost;
		entry.cost = cost;
		if (shown < entry.kept) {
			entry.state = shown === 0 ? 'name-only' : 'truncated';
			entry.lost = entry.textLength - shown;
			entry.cutBy = shown > 0 ? 'shortened' : undefined;
		}
	}
	return cap;
}

/** Copilot CLI: the listing, in name order, ends where the budget does; the entry it ends in is cut short. */
function cutAtBudget(listed: Working[], budget: number): void {
	let used = 0;
	for (const entry of listed) {
		const room = budget - used;
		if (room <= 0) {
			entry.state = 'omitted';
			entry.cost = 0;
			entry.lost = entry.textLength;
			entry.cutBy = undefined;
			continue;
		}
		if (entry.cost > room) {
			// The cut falls in this line: whatever of its text is past it is not listed; a cut inside the name leaves nothing.
			const shown = Math.min(entry.kept, room - (entry.full - entry.kept - 1));
			if (entry.kept === 0 || shown <= 0) {
				entry.state = 'omitted';
				entry.lost = entry.textLength;
				entry.cutBy = undefined;
			} else if (shown < entry.kept) {
				entry.state = 'truncated';
				entry.lost = entry.textLength - shown;
				entry.cutBy = 'listing-end';
			}
			entry.cost = room;
		}
		used += entry.cost;
	}
}
