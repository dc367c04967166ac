import type { FindingCounts } from '../check/findings';

/**
 * The finding counts of a set of files and their sum, kept current one file at a time: a
 * change of one file costs the same in a library of twenty skills as in one of twenty thousand.
 */
export class FindingTally {
	private readonly byFile = new Map<string, FindingCounts>();
	private readonly sum: FindingCounts = { errors: 0, warnings: 0, infos: 0 };

	/** Counts a file with these counts (replacing what it had), or leaves it out (undefined). */
	set(file: string, counts: FindingCounts | undefined): void {
		const previous = this.byFile.get(file);
		if (previous) {
			this.add(previous, -1);
			this.byFile.delete(file);
		}
		if (counts) {
			this.add(counts, 1);
			this.byFile.set(file, { ...counts });
		}
	}

	clear(): void {
		this.byFile.clear();
		this.sum.errors = this.sum.warnings = this.sum.infos = 0;
	}

	/** How many files are counted, and their findings by severity. */
	totals(): { files: number; counts: FindingCounts } {
		return { files: this.byFile.size, counts: { ...this.sum } };
	}

	private add(counts: FindingCounts, sign: 1 | -1): void {
		this.sum.errors += sign * counts.errors;
		this.sum.warnings += sign * counts.warnings;
		this.sum.infos += sign * counts.infos;
	}
}
