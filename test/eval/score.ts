/**
 * Scoring the distiller's triggers against hand-made labels (test/eval/labels/README.md): which
 * labelled events it found, which it missed, and what it reported that is not an event. Pure:
 * the labels and the detections come in, the counts go out.
 */

export const labelKinds = ['correction', 'rule', 'rejection', 'interrupt', 'resolved-failure', 'skill-written'] as const;
export type LabelKind = typeof labelKinds[number];

/** The detector's kinds, before and after its rewrite, as the label kind each is scored as. */
const detectorKinds: Readonly<Record<string, LabelKind>> = {
	'user-correction': 'correction',
	'user-rule': 'rule',
	'rejection': 'rejection',
	'interrupt': 'interrupt',
	'resolved-failure': 'resolved-failure',
	'workaround': 'resolved-failure',
	'repeated-error': 'resolved-failure',
	'skill-written': 'skill-written',
};

/** The label kind a detector's kind is scored as; undefined for a kind the labels do not know. */
export function labelKindOf(detectorKind: string): LabelKind | undefined {
	return Object.hasOwn(detectorKinds, detectorKind) ? detectorKinds[detectorKind] : undefined;
}

/**
 * Kinds that stand for one act: a message that corrects and states a rule is one event, and a
 * refusal and the interrupt marker that follows it are one act.
 */
function familyOf(kind: LabelKind): LabelKind {
	return kind === 'rule' ? 'correction' : kind === 'interrupt' ? 'rejection' : kind;
}

export interface LabelledEvent {
	kind: LabelKind;
	/** 1-based line of the record; for a Copilot chat export, the line of the request's opening brace. */
	line: number;
	endLine?: number;
	/** Copilot files: the 0-based index into `requests`. */
	request?: number;
	/** The file the line is in when it is not the session's main file (a subagent transcript), as a path suffix. */
	file?: string;
	quote: string;
	what: string;
	lesson: boolean;
	/** resolved-failure: later first failures of the same cause, neither required nor false. */
	repeats?: number[];
	/** resolved-failure: other first-failure lines the labels' notes accept for this event (one per cause of a chain). */
	alternatives?: number[];
}

export interface NotEvent {
	line: number;
	request?: number;
	file?: string;
	quote: string;
	why: string;
}

export interface EvidenceLine {
	line: number;
	file?: string;
	quote: string;
}

/** One trigger the distiller reported, with its evidence; its place is its first evidence line. */
export interface Detection {
	kind: string;
	summary: string;
	evidence: EvidenceLine[];
}

export interface ScoreOptions {
	/** Lines a resolved-failure detection may be off its label (or an alternative) by. */
	failureTolerance: number;
	/** Lines a rejection or interrupt may be off: a refusal and its interrupt marker are consecutive records. */
	stopTolerance: number;
}

export const defaultScoreOptions: ScoreOptions = { failureTolerance: 2, stopTolerance: 1 };

export interface Hit {
	label: LabelledEvent;
	detection: Detection;
	/** The detection's line that matched. */
	line: number;
	/** A correction found as a rule or the other way round, or a refusal found as its interrupt. */
	crossKind: boolean;
	/** How the match was made when it was not at the labelled line itself. */
	via?: 'later-evidence' | 'alternative' | 'tolerance';
}

export interface FalsePositive {
	detection: Detection;
	/** The notEvent at the detection's line: a trap the labels warned of. */
	trap?: NotEvent;
}

/** A detection that counts neither way: a recurrence the labels list, or a second report of an event already found. */
export interface Neutral {
	detection: Detection;
	reason: 'repeat' | 'duplicate';
	label: LabelledEvent;
}

export interface SessionScore {
	hits: Hit[];
	misses: LabelledEvent[];
	falsePositives: FalsePositive[];
	neutral: Neutral[];
	/** Labelled events. */
	labelled: number;
	/** Detections, all of them (hits, false positives and neutral ones). */
	detected: number;
}

export function placeOf(detection: Detection): EvidenceLine {
	return detection.evidence[0] ?? { line: 0, quote: '' };
}

/** Whether a detection's file is the label's: both the main file, or the detection's path ends with the label's. */
export function sameFile(labelFile: string | undefined, detectionFile: string | undefined): boolean {
	if (labelFile === undefined || detectionFile === undefined) {
		return labelFile === detectionFile;
	}
	const label = labelFile.replace(/\\/g, '/');
	const detection = detectionFile.replace(/\\/g, '/');
	return detection === label || detection.endsWith(`/${label}`);
}

interface Candidate {
	label: number;
	line: number;
	cost: number;
	crossKind: boolean;
	via?: Hit['via'];
}

/** The labels a detection could stand for, cheapest first: same kind before cross-kind, nearer before farther. */
function candidatesOf(detection: Detection, labels: readonly LabelledEvent[], options: ScoreOptions): Candidate[] {
	const kind = labelKindOf(detection.kind);
	if (kind === undefined) {
		return [];
	}
	const place = placeOf(detection);
	const found: Candidate[] = [];
	labels.forEach((label, index) => {
		if (familyOf(label.kind) !== familyOf(kind)) {
			return;
		}
		const crossKind = label.kind !== kind;
		const penalty = crossKind ? 10 : 0;
		if (familyOf(label.kind) === 'correction') {
			// The detector may cite the interrupt or the refusal before the person's message: any of its lines may be the message.
			const at = detection.evidence.findIndex(evidence => evidence.line === label.line && sameFile(label.file, evidence.file));
			if (at !== -1) {
				found.push({ label: index, line: label.line, cost: penalty + (at === 0 ? 0 : 3), crossKind, via: at === 0 ? undefined : 'later-evidence' });
			}
			return;
		}
		if (!sameFile(label.file, place.file)) {
			return;
		}
		if (label.kind === 'resolved-failure') {
			const anchors = [{ line: label.line, alternative: false }, ...(label.alternatives ?? []).map(line => ({ line, alternative: true }))];
			const near = anchors
				.map(anchor => ({ ...anchor, distance: Math.abs(anchor.line - place.line) }))
				.filter(anchor => anchor.distance <= options.failureTolerance)
				.sort((a, b) => a.distance - b.distance || Number(a.alternative) - Number(b.alternative))[0];
			if (near) {
				const via = near.alternative ? 'alternative' : near.distance > 0 ? 'tolerance' : undefined;
				found.push({ label: index, line: place.line, cost: penalty + near.distance + (near.alternative ? 0.5 : 0), crossKind, via });
			}
			return;
		}
		const distance = Math.abs(label.line - place.line);
		const tolerance = familyOf(label.kind) === 'rejection' ? options.stopTolerance : 0;
		if (distance <= tolerance) {
			found.push({ label: index, line: place.line, cost: penalty + distance, crossKind, via: distance > 0 ? 'tolerance' : undefined });
		}
	});
	return found.sort((a, b) => a.cost - b.cost);
}

/**
 * The notEvent a detection sits on: at its first evidence line, or for a correction at any of its
 * lines, since the person's message it stands for may be cited after an interrupt.
 */
function trapOf(detection: Detection, notEvents: readonly NotEvent[]): NotEvent | undefined {
	const kind = labelKindOf(detection.kind);
	const lines = kind !== undefined && familyOf(kind) === 'correction' ? detection.evidence : detection.evidence.slice(0, 1);
	for (const evidence of lines) {
		const trap = notEvents.find(notEvent => notEvent.line === evidence.line && sameFile(notEvent.file, evidence.file));
		if (trap) {
			return trap;
		}
	}
	return undefined;
}

/** A recurrence the labels list for a resolved failure, near the detection's line. */
function repeatOf(detection: Detection, labels: readonly LabelledEvent[], options: ScoreOptions): LabelledEvent | undefined {
	if (labelKindOf(detection.kind) !== 'resolved-failure') {
		return undefined;
	}
	const place = placeOf(detection);
	return labels.find(label => sameFile(label.file, place.file)
		&& (label.repeats ?? []).some(line => Math.abs(line - place.line) <= options.failureTolerance));
}

/**
 * Matches detections to labelled events one to one, cheapest pairs first (an exact line of the
 * same kind before a cross-kind one or one within the tolerance). A detection left over is a
 * false positive — a known trap when it sits on a notEvent line — unless it repeats a listed
 * recurrence or reports again an event another detection already found.
 */
export function scoreSession(
	labels: { events: readonly LabelledEvent[]; notEvents: readonly NotEvent[] },
	detections: readonly Detection[],
	options: ScoreOptions = defaultScoreOptions,
): SessionScore {
	const candidates = detections.map(detection => candidatesOf(detection, labels.events, options));
	const pairs = candidates
		.flatMap((list, detection) => list.map(candidate => ({ detection, candidate })))
		.sort((a, b) => a.candidate.cost - b.candidate.cost || a.detection - b.detection);
	const labelTaken = new Set<number>();
	const matched = new Map<number, Hit>();
	for (const { detection, candidate } of pairs) {
		if (matched.has(detection) || labelTaken.has(candidate.label)) {
			continue;
		}
		labelTaken.add(candidate.label);
		matched.set(detection, {
			label: labels.events[candidate.label], detection: detections[detection], line: candidate.line, crossKind: candidate.crossKind,
			...(candidate.via ? { via: candidate.via } : {}),
		});
	}
	const score: SessionScore = {
		hits: [], misses: labels.events.filter((_, index) => !labelTaken.has(index)), falsePositives: [], neutral: [],
		labelled: labels.events.length, detected: detections.length,
	};
	detections.forEach((detection, index) => {
		const hit = matched.get(index);
		if (hit) {
			score.hits.push(hit);
			return;
		}
		const trap = trapOf(detection, labels.notEvents);
		if (trap) {
			score.falsePositives.push({ detection, trap });
			return;
		}
		const repeated = repeatOf(detection, labels.events, options);
		if (repeated) {
			score.neutral.push({ detection, reason: 'repeat', label: repeated });
			return;
		}
		const again = candidates[index][0];
		if (again) {
			score.neutral.push({ detection, reason: 'duplicate', label: labels.events[again.label] });
			return;
		}
		score.falsePositives.push({ detection });
	});
	return score;
}

/** A ratio, undefined when there is nothing to divide by. */
export function ratio(part: number, whole: number): number | undefined {
	return whole === 0 ? undefined : part / whole;
}

export interface Tally {
	labelled: number;
	/** Detections scored: hits and false positives (neutral ones left out). */
	scored: number;
	hits: number;
	falsePositives: number;
	knownTraps: number;
	neutral: number;
	precision?: number;
	recall?: number;
}

/** Micro-averaged counts over sessions: every event and every detection weighs the same. */
export function tallyOf(scores: readonly SessionScore[]): Tally {
	const sum = (count: (score: SessionScore) => number) => scores.reduce((total, score) => total + count(score), 0);
	const hits = sum(score => score.hits.length);
	const falsePositives = sum(score => score.falsePositives.length);
	const labelled = sum(score => score.labelled);
	return {
		labelled, scored: hits + falsePositives, hits, falsePositives,
		knownTraps: sum(score => score.falsePositives.filter(fp => fp.trap).length),
		neutral: sum(score => score.neutral.length),
		precision: ratio(hits, hits + falsePositives),
		recall: ratio(hits, labelled),
	};
}

export interface KindTally {
	labelled: number;
	/** Labelled events of the kind that some detection found (of any kind of its family). */
	found: number;
	/** Scored detections of the kind (as a label kind). */
	detected: number;
	/** Those that matched a labelled event. */
	correct: number;
	precision?: number;
	recall?: number;
}

/**
 * Precision and recall per kind: recall by the labelled kind, precision by the detected kind, so a
 * cross-kind hit counts for the label's kind in one and for the detection's in the other.
 * Detections of a kind the labels do not know are counted under `unknown`.
 */
export function perKindOf(scores: readonly SessionScore[]): { kinds: Record<LabelKind, KindTally>; unknown: number } {
	const kinds = Object.fromEntries(labelKinds.map(kind => [kind, { labelled: 0, found: 0, detected: 0, correct: 0 }])) as Record<LabelKind, KindTally>;
	let unknown = 0;
	for (const score of scores) {
		for (const label of [...score.misses, ...score.hits.map(hit => hit.label)]) {
			kinds[label.kind].labelled++;
		}
		for (const hit of score.hits) {
			kinds[hit.label.kind].found++;
		}
		for (const detection of [...score.hits.map(hit => hit.detection), ...score.falsePositives.map(fp => fp.detection)]) {
			const kind = labelKindOf(detection.kind);
			if (kind === undefined) {
				unknown++;
			} else {
				kinds[kind].detected++;
			}
		}
		for (const hit of score.hits) {
			const kind = labelKindOf(hit.detection.kind);
			if (kind !== undefined) {
				kinds[kind].correct++;
			}
		}
	}
	for (const tally of Object.values(kinds)) {
		tally.precision = ratio(tally.correct, tally.detected);
		tally.recall = ratio(tally.found, tally.labelled);
	}
	return { kinds, unknown };
}

/**
 * The lines where the elements of a Copilot chat's top-level `requests` array open, in order:
 * the lines the labels give Copilot events. The text is scanned once, strings skipped.
 */
export function requestStartLines(text: string): number[] {
	const starts: number[] = [];
	let line = 1;
	let depth = 0;
	let inString = false;
	let escaped = false;
	let stringStart = 0;
	let lastString = '';
	let key: string | undefined;
	let inRequests = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (char === '\n') {
			line++;
		}
		if (inString) {
			if (escaped) {
				escaped = false;
			} else if (char === '\\') {
				escaped = true;
			} else if (char === '"') {
				inString = false;
				lastString = text.slice(stringStart, index);
			}
			continue;
		}
		if (char === '"') {
			inString = true;
			stringStart = index + 1;
		} else if (char === ':' && depth === 1) {
			key = lastString;
		} else if (char === ',' && depth === 1) {
			key = undefined;
		} else if (char === '{' || char === '[') {
			depth++;
			if (depth === 2) {
				inRequests = char === '[' && key === 'requests';
			} else if (depth === 3 && inRequests) {
				starts.push(line);
			}
		} else if (char === '}' || char === ']') {
			depth--;
			if (depth === 1) {
				inRequests = false;
			}
		}
	}
	return starts;
}

/** The opening line of the request a line falls in; the line itself before the first request. */
export function requestLineOf(starts: readonly number[], line: number): number {
	let found = line;
	for (const start of starts) {
		if (start > line) {
			break;
		}
		found = start;
	}
	return found;
}
