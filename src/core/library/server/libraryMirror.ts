import type { SkillEntry } from '../../check/analyzeSkill';
import { FindingStrings } from '../../check/findingStrings';
import { countFindings, type Finding, type FindingCounts, skillFindings } from '../../check/findings';
import type { FileUpdate, SkillState } from './libraryProtocol';

/**
 * The editor's copy of the library process's library: each skill's entry and findings, which is
 * what the views, the diagnostics and the fixes read, synchronously. It changes only by the
 * updates the process answers with.
 */
export class LibraryMirror {
	private readonly states = new Map<string, SkillState>();
	private readonly aliases = new Set<string>();
	private readonly findingStrings = new FindingStrings();
	/** Every skill in file order, until a file comes or goes. */
	private sorted?: readonly SkillEntry[];

	get size(): number {
		return this.states.size;
	}

	/** Takes a skill's state, or forgets a file that left the library. */
	apply(updates: readonly FileUpdate[]): void {
		for (const { file, state } of updates) {
			if (state) {
				this.put(state);
			} else if (this.states.delete(file)) {
				this.sorted = undefined;
			}
		}
	}

	/** Takes the skills of a scan (see `LibraryEvent`). */
	add(states: readonly SkillState[]): void {
		for (const state of states) {
			this.put(state);
		}
	}

	private put(state: SkillState): void {
		const file = state.entry.file;
		if (!this.states.has(file)) {
			this.sorted = undefined;
		}
		this.findingStrings.share(state.entry.findings);
		this.findingStrings.share(state.cross);
		this.states.set(file, state);
	}

	/** Every skill, in file order. */
	skills(): readonly SkillEntry[] {
		this.sorted ??= [...this.states.keys()].sort().map(file => (this.states.get(file) as SkillState).entry);
		return this.sorted;
	}

	get(file: string): SkillEntry | undefined {
		return this.states.get(file)?.entry;
	}

	/** All findings of one skill, its own and cross-skill, in order. */
	findings(file: string): Finding[] {
		const state = this.states.get(file);
		return state ? skillFindings(state.entry.findings, state.cross) : [];
	}

	/** How many findings of each severity a skill has (without ordering them, which `findings` does). */
	counts(file: string): FindingCounts {
		const state = this.states.get(file);
		return countFindings(state ? bothOf(state.entry.findings, state.cross) : []);
	}

	/** Whether a SKILL.md path is a known link to a skill of the library. */
	isAlias(file: string): boolean {
		return this.aliases.has(file);
	}

	setAlias(file: string, known: boolean): void {
		if (known) {
			this.aliases.add(file);
		} else {
			this.aliases.delete(file);
		}
	}
}

function* bothOf<T>(first: readonly T[], second: readonly T[]): Iterable<T> {
	yield* first;
	yield* second;
}
