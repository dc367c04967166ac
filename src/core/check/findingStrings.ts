import type { Finding } from './findings';

/**
 * One copy of each message and file name the findings of a library repeat: the same message on
 * thousands of skills (a listing budget's, a licence footer's) would otherwise be thousands of
 * copies.
 */
export class FindingStrings {
	private readonly strings = new Map<string, string>();

	private intern(text: string): string {
		const known = this.strings.get(text);
		if (known !== undefined) {
			return known;
		}
		this.strings.set(text, text);
		return text;
	}

	/** Makes findings share the copies of their messages and file names. */
	share(findings: readonly Finding[]): void {
		for (const finding of findings) {
			finding.file = this.intern(finding.file);
			finding.message = this.intern(finding.message);
			for (const related of finding.related) {
				related.file = this.intern(related.file);
				related.message = this.intern(related.message);
			}
		}
	}
}
