const monthNames = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const monthPattern = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';

/** An ISO date (2026-04-08), or a month with an optional day and a year (April 2026, Apr 8, 2026). */
export const datePattern = new RegExp(
	`\\b(?:(?:19|20)\\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])|${monthPattern}\\.?(?: (?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?,?)? (?:19|20)\\d{2})\\b`,
	'g',
);
export const isoDatePattern = /\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b/;
export { monthPattern };
const anyDate = new RegExp(datePattern.source);

/** Whether text holds a date in any of the forms `datePattern` knows. */
export function containsDate(text: string): boolean {
	return anyDate.test(text);
}

const dayMs = 86_400_000;

/**
 * The last day a written date can mean, in UTC milliseconds: "April 2026" is measured from
 * 30 April, so a date is only called old once all of it has passed.
 */
export function latestDayOf(written: string): number | undefined {
	const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(written);
	if (iso) {
		const time = Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]));
		return Number.isNaN(time) ? undefined : time;
	}
	const named = /^([A-Za-z]+)\.?(?: (\d{1,2})(?:st|nd|rd|th)?,?)? (\d{4})$/.exec(written);
	if (!named) {
		return undefined;
	}
	const month = monthNames.findIndex(name => name.startsWith(named[1].toLowerCase().slice(0, 3)));
	if (month === -1) {
		return undefined;
	}
	const year = Number(named[3]);
	return named[2] ? Date.UTC(year, month, Number(named[2])) : Date.UTC(year, month + 1, 0);
}

/** Whole days from `written` to `today` (YYYY-MM-DD); undefined when `written` is not a date. */
export function daysSince(written: string, today: string): number | undefined {
	const then = latestDayOf(written.trim());
	const now = latestDayOf(today);
	if (then === undefined || now === undefined) {
		return undefined;
	}
	return Math.floor((now - then) / dayMs);
}

/** Formats an age for a message: "400 days", "3 years". */
export function describeAge(days: number): string {
	return days >= 730 ? `${Math.floor(days / 365)} years` : `${days} days`;
}
