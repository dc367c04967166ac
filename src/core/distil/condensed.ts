import type { Episode, EpisodeStep, Evidence, Lesson, Moment, SessionFindings } from './lessons';
import { lessonCommand, type ProjectPaths } from './placeholders';

/**
 * A session condensed for a language model or an agent: its episodes (symptom → attempts →
 * resolution, the agent's diagnosis) and the person's words, each with its transcript line; never
 * the raw transcript. Everything in it was redacted as the session was read.
 */

function where(evidence: { line: number; file?: string }): string {
	return evidence.file ? `[${evidence.file}:${evidence.line}]` : `[line ${evidence.line}]`;
}

function step(step: EpisodeStep, project: ProjectPaths): string {
	if (step.kind === 'edit') {
		return `edited ${step.text} ${where(step.evidence)}`;
	}
	const command = lessonCommand(step.text, project) ?? `${step.text.split('\n')[0].slice(0, 80)}… (a one-off command)`;
	return `ran \`${command}\`${step.error ? ` → failed: ${step.error}` : ''} ${where(step.evidence)}`;
}

function episodeText(episode: Episode, project: ProjectPaths): string[] {
	const lines = [`### \`${episode.check}\`${episode.resolution ? '' : ' (never passed)'}`];
	for (const failure of episode.failures) {
		lines.push(`- failed: ${failure.symptom.quote} ${where(failure.symptom)}`);
		for (const after of failure.after.slice(-4)) {
			lines.push(`  - then ${step(after, project)}`);
		}
	}
	if (episode.rejected) {
		lines.push(`- the agent got past it when it ${step(episode.rejected.step, project)}, and the person rejected that: "${episode.rejected.words}" ${where(episode.rejected.evidence)}`);
	}
	if (episode.diagnosis) {
		lines.push(`- the agent's diagnosis: "${episode.diagnosis.quote}" ${where(episode.diagnosis)}`);
	}
	if (episode.resolution) {
		lines.push(`- passed: \`${lessonCommand(episode.resolution.command ?? episode.check, project) ?? episode.check}\` ${where(episode.resolution.passed)}`);
	}
	for (const words of episode.personWords) {
		lines.push(`- the person said meanwhile: "${words.quote}" ${where(words)}`);
	}
	return lines;
}

function momentText(moment: Moment): string {
	const kind = { 'user-correction': 'correction', 'user-rule': 'rule', 'rejection': 'refusal', 'interrupt': 'interrupt' }[moment.kind];
	const about = moment.about ? ` (after the agent ran ${moment.about})` : '';
	const acted = moment.actedOn ? '; the agent then acted on it' : '';
	return `- ${kind}${about}: "${moment.words ?? moment.evidence[0].quote}" ${where(moment.evidence[moment.evidence.length - 1])}${acted}`;
}

/** The session as Markdown: episodes, the person's words, and the deterministic lessons drawn from them. */
export function condensedSession(findings: SessionFindings, lessons: readonly Lesson[], project: ProjectPaths): string {
	const lines: string[] = [];
	const episodes = findings.episodes.filter(episode => episode.resolution);
	if (episodes.length > 0) {
		lines.push('## Episodes (a check failing, then passing)', '');
		for (const episode of episodes) {
			lines.push(...episodeText(episode, project), '');
		}
	}
	const moments = findings.moments.filter(moment => moment.kind !== 'interrupt');
	if (moments.length > 0) {
		lines.push('## What the person said or refused', '', ...moments.map(momentText), '');
	}
	if (lessons.length > 0) {
		lines.push('## Lessons drawn without a model (faithful but plain)', '', ...lessons.map(lesson => `- [${lesson.section}] ${lesson.text} (evidence: ${lesson.evidence.map(evidence => evidence.line).join(', ')})`), '');
	}
	return lines.join('\n');
}

/** The evidence the condensed session cites, by line: a model's lessons may rest on these only. */
export function citedEvidence(findings: SessionFindings): Map<number, Evidence> {
	const byLine = new Map<number, Evidence>();
	const add = (evidence: Evidence | undefined) => evidence && !byLine.has(evidence.line) && byLine.set(evidence.line, evidence);
	for (const episode of findings.episodes) {
		episode.failures.forEach(failure => {
			add(failure.symptom);
			failure.after.forEach(step => add(step.evidence));
		});
		[episode.resolution?.passed, episode.diagnosis, episode.rejected?.evidence, ...episode.personWords].forEach(add);
	}
	for (const moment of findings.moments) {
		moment.evidence.forEach(add);
		add(moment.actedOn);
	}
	return byLine;
}
