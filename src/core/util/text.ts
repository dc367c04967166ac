/** "1 error", "3 errors": a count with its noun; `pluralForm` for nouns that take more than an s ("fixes"). */
export function plural(count: number, noun: string, pluralForm = `${noun}s`): string {
	return `${count} ${count === 1 ? noun : pluralForm}`;
}

/** The message of whatever was thrown. */
export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
