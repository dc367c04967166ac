import { plural } from './text';

/** "812 B", "4.2 KB", "37 MB": a file size for people. */
export function formatSize(bytes: number): string {
	if (bytes < 1024) {
		return `${bytes} B`;
	}
	const units = ['KB', 'MB', 'GB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** "3 minutes ago", "yesterday", "12 Nov". */
export function formatAge(milliseconds: number, now = Date.now()): string {
	const minutes = Math.round((now - milliseconds) / 60_000);
	if (minutes < 1) {
		return 'just now';
	}
	if (minutes < 60) {
		return `${plural(minutes, 'minute')} ago`;
	}
	const hours = Math.round(minutes / 60);
	if (hours < 24) {
		return `${plural(hours, 'hour')} ago`;
	}
	const days = Math.round(hours / 24);
	return days === 1 ? 'yesterday' : days < 7 ? `${days} days ago` : new Date(milliseconds).toLocaleDateString('en', { day: 'numeric', month: 'short', year: 'numeric' });
}
