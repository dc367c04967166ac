import { plural } from '../util/text';
import { readCases } from './cases';
import { type ApprenticeSkill, readLatestResult, skillFingerprint } from './runApprentice';

/**
 * Where a skill stands with the apprentice: whether it has cases, and whether a fresh agent
 * passed them all with the skill as it is now — what Promote to Stable shows and, when required,
 * insists on. A pass on an earlier text of the skill or its cases does not count.
 */
export interface ApprenticeStatus {
	state: 'no-cases' | 'not-run' | 'stale' | 'failed' | 'passed';
	/** A sentence for a person. */
	text: string;
	/** For a run of this version: the date (YYYY-MM-DD) and the counts. */
	passed?: number;
	failed?: number;
	date?: string;
}

export function apprenticeStatus(resultsRoot: string, skill: ApprenticeSkill): ApprenticeStatus {
	const { cases, exists } = readCases(skill.dir);
	if (!exists || cases.length === 0) {
		return { state: 'no-cases', text: `${skill.name} has no apprentice cases (evals/cases.json)` };
	}
	const latest = readLatestResult(resultsRoot, skill);
	if (!latest) {
		return { state: 'not-run', text: `no fresh agent has run ${skill.name}'s ${plural(cases.length, 'case')} yet` };
	}
	const date = latest.date.slice(0, 10);
	const counts = { passed: latest.summary.passed, failed: latest.summary.failed, date };
	if (latest.fingerprint !== skillFingerprint(skill.dir)) {
		return { state: 'stale', text: `the last apprentice run (${date}: ${latest.summary.passed} of ${latest.cases.length} passed) tested an earlier version of ${skill.name} or its cases`, ...counts };
	}
	const missing = cases.filter(item => !latest.cases.some(run => run.id === item.id));
	if (missing.length > 0) {
		return { state: 'not-run', text: `the last apprentice run (${date}) left out ${plural(missing.length, 'case')} of ${skill.name} (${missing.map(item => item.id).join(', ')})`, ...counts };
	}
	if (latest.summary.failed > 0) {
		const failed = latest.cases.filter(item => !item.passed).map(item => item.id);
		return { state: 'failed', text: `a fresh agent failed ${latest.summary.failed} of ${plural(latest.cases.length, 'case')} on ${date} (${failed.join(', ')})`, ...counts };
	}
	return { state: 'passed', text: `a fresh agent passed ${latest.cases.length === 1 ? 'its case' : `all ${latest.cases.length} cases`} on ${date}`, ...counts };
}
