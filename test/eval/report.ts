import * as path from 'node:path';
import { plural } from '../../src/core/util/text';
import type { SessionResult } from './evalRun';
import { type Detection, type Hit, labelKinds, type LabelledEvent, perKindOf, placeOf, tallyOf, type Tally } from './score';

/** A ratio as a person reads it in a table: two decimals, a dash when undefined. */
export function figure(value: number | undefined): string {
	return value === undefined ? '—' : value.toFixed(2);
}

function shorten(text: string, length = 140): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}

function where(line: number, file: string | undefined): string {
	return file ? `${path.basename(file)}:${line}` : String(line);
}

/** A detection as the report names it: its kind, its place and what its evidence says. */
function detectionText(detection: Detection): string {
	const place = placeOf(detection);
	const quotes = detection.evidence.slice(0, 2).map(evidence => `${where(evidence.line, evidence.file)} "${shorten(evidence.quote, 110)}"`);
	return `${detection.kind} at ${where(place.line, place.file)}: ${quotes.join(' then ')}`;
}

function labelText(label: LabelledEvent): string {
	const request = label.request !== undefined ? ` (request ${label.request})` : '';
	return `${label.kind} at ${where(label.line, label.file)}${request}: "${shorten(label.quote)}"`;
}

function hitText(hit: Hit): string {
	const place = placeOf(hit.detection);
	const how = [
		hit.crossKind ? `cross-kind: labelled ${hit.label.kind}` : '',
		hit.via === 'later-evidence' ? `on its later evidence line ${hit.line}` : '',
		hit.via === 'alternative' ? 'at an alternative line of the chain' : '',
		hit.via === 'tolerance' ? `${Math.abs(place.line - hit.label.line)} line(s) off` : '',
	].filter(Boolean).join('; ');
	return `${hit.label.kind} at ${where(hit.label.line, hit.label.file)} ← ${hit.detection.kind} at ${where(place.line, place.file)}${how ? ` (${how})` : ''}`;
}

function tallyLine(tally: Tally, detected: number): string {
	return `${tally.labelled} labelled, ${detected} detected: ${plural(tally.hits, 'hit')}, ${plural(tally.falsePositives, 'false positive')}`
		+ ` (${plural(tally.knownTraps, 'known trap')}), ${tally.neutral} neutral; precision ${figure(tally.precision)} (${tally.hits}/${tally.scored}),`
		+ ` recall ${figure(tally.recall)} (${tally.hits}/${tally.labelled})`;
}

function indent(text: string, prefix: string): string {
	return text.replace(/\n+$/, '').split('\n').map(line => `${prefix}${line}`.trimEnd()).join('\n');
}

/** One session: the counts, every hit, miss, false positive and neutral detection, then the proposals in full. */
export function formatSession(result: SessionResult): string {
	const { set, score } = result;
	const tally = tallyOf([score]);
	const out = [`━━ ${set.name} (${set.labels.agent}${set.fixture ? ', fixture' : ''}; ${result.seconds.toFixed(1)} s)`];
	out.push(`   events: ${tallyLine(tally, score.detected)}`);
	for (const problem of result.labelProblems) {
		out.push(`   label check: ${problem}`);
	}
	for (const hit of score.hits) {
		out.push(`   hit      ${hitText(hit)}`);
	}
	for (const miss of score.misses) {
		out.push(`   MISS     ${labelText(miss)}`);
	}
	for (const fp of score.falsePositives) {
		out.push(`   FP${fp.trap ? ' trap' : '     '}  ${detectionText(fp.detection)}`);
		if (fp.trap) {
			out.push(`              known trap: ${shorten(fp.trap.why, 160)}`);
		}
	}
	for (const neutral of score.neutral) {
		out.push(`   neutral  ${detectionText(neutral.detection)} (${neutral.reason} of ${neutral.label.kind} at ${neutral.label.line})`);
	}
	const counts = [
		result.episodes !== undefined ? `episodes: ${result.episodes}` : '',
		result.noted !== undefined ? `noted: ${result.noted}` : '',
		result.problems > 0 ? `unreadable lines: ${result.problems}` : '',
	].filter(Boolean);
	if (counts.length > 0) {
		out.push(`   ${counts.join(' · ')}`);
	}
	const written = result.proposals.length;
	const verdict = set.labels.expectProposal ? (written > 0 ? 'ok' : 'MISSING') : (written > 0 ? `FALSE PROPOSAL${written > 1 ? 'S' : ''}` : 'ok');
	out.push(`   proposal expected: ${set.labels.expectProposal ? 'yes' : 'no'} · written: ${written} · ${verdict}`);
	for (const note of result.notes) {
		out.push(`   note: ${shorten(note, 300)}`);
	}
	result.proposals.forEach((proposal, index) => {
		out.push(`   proposal ${index + 1}/${written}: ${proposal.action} ${proposal.name}${proposal.target ? ` → ${proposal.target}` : ''} (${proposal.checks} check findings)`);
		out.push(indent(proposal.document, '      │ '));
		for (const item of proposal.cases) {
			out.push(`      apprentice case ${item.id}: check \`${item.check ?? ''}\`${item.workspace ? ` from ${item.workspace}` : ''}`, indent(item.task, '      ┆ '), `      ${item.note ?? ''}`);
		}
	});
	return out.join('\n');
}

export interface ProposalTally {
	expected: number;
	expectedWritten: number;
	notExpected: number;
	/** Sessions labelled expectProposal:false that got a proposal. */
	falseSessions: number;
	/** Proposals written for such sessions. */
	falseProposals: number;
	written: number;
}

export function proposalTallyOf(results: readonly SessionResult[]): ProposalTally {
	const expected = results.filter(result => result.set.labels.expectProposal);
	const notExpected = results.filter(result => !result.set.labels.expectProposal);
	return {
		expected: expected.length,
		expectedWritten: expected.filter(result => result.proposals.length > 0).length,
		notExpected: notExpected.length,
		falseSessions: notExpected.filter(result => result.proposals.length > 0).length,
		falseProposals: notExpected.reduce((total, result) => total + result.proposals.length, 0),
		written: results.reduce((total, result) => total + result.proposals.length, 0),
	};
}

/** The figures on one line, for the README's table (with its header). */
export function readmeRow(results: readonly SessionResult[], date: string): { header: string; row: string } {
	const tally = tallyOf(results.map(result => result.score));
	const proposals = proposalTallyOf(results);
	const real = tallyOf(results.filter(result => !result.set.fixture).map(result => result.score));
	return {
		header: '| date | sessions | events labelled | detected (scored) | hits | false positives | precision | recall | real-only P / R | proposals (expected sessions with one) | false proposals |\n|---|---|---|---|---|---|---|---|---|---|---|',
		row: `| ${date} | ${results.length} | ${tally.labelled} | ${tally.scored} | ${tally.hits} | ${tally.falsePositives} | ${figure(tally.precision)} | ${figure(tally.recall)}`
			+ ` | ${figure(real.precision)} / ${figure(real.recall)} | ${proposals.expectedWritten}/${proposals.expected} | ${proposals.falseProposals} |`,
	};
}

/** The end of the report: micro precision and recall, per kind, proposals, and the README row. */
export function formatSummary(results: readonly SessionResult[], date: string): string {
	const scores = results.map(result => result.score);
	const tally = tallyOf(scores);
	const detected = scores.reduce((total, score) => total + score.detected, 0);
	const out = [`━━ Summary: ${plural(results.length, 'session')} (${results.filter(result => !result.set.fixture).length} real, ${results.filter(result => result.set.fixture).length} fixtures)`];
	out.push(`   all:      ${tallyLine(tally, detected)}`);
	for (const [label, fixture] of [['real', false], ['fixtures', true]] as const) {
		const part = results.filter(result => result.set.fixture === fixture);
		if (part.length > 0 && part.length < results.length) {
			const partTally = tallyOf(part.map(result => result.score));
			out.push(`   ${`${label}:`.padEnd(9)} ${tallyLine(partTally, part.reduce((total, result) => total + result.score.detected, 0))}`);
		}
	}
	const { kinds, unknown } = perKindOf(scores);
	out.push('   per kind          labelled  found  recall   detected  correct  precision');
	for (const kind of labelKinds) {
		const row = kinds[kind];
		out.push(`     ${kind.padEnd(17)} ${String(row.labelled).padStart(7)}  ${String(row.found).padStart(5)}  ${figure(row.recall).padStart(6)}   ${String(row.detected).padStart(8)}  ${String(row.correct).padStart(7)}  ${figure(row.precision).padStart(9)}`);
	}
	if (unknown > 0) {
		out.push(`     ${unknown} detections of kinds the labels do not know (counted as false positives)`);
	}
	const crossKind = scores.flatMap(score => score.hits.filter(hit => hit.crossKind));
	if (crossKind.length > 0) {
		const pairs = new Map<string, number>();
		for (const hit of crossKind) {
			const key = `${hit.label.kind} found as ${hit.detection.kind}`;
			pairs.set(key, (pairs.get(key) ?? 0) + 1);
		}
		out.push(`   cross-kind hits: ${[...pairs.entries()].map(([key, count]) => `${count} ${key}`).join(', ')}`);
	}
	const proposals = proposalTallyOf(results);
	out.push(`   proposals: ${plural(proposals.written, 'proposal')} written; ${proposals.expectedWritten} of ${proposals.expected} sessions that should give one got one;`
		+ ` ${proposals.falseSessions} of ${proposals.notExpected} sessions that should give none got some (${plural(proposals.falseProposals, 'false proposal')})`);
	const labelProblems = results.reduce((total, result) => total + result.labelProblems.length, 0);
	if (labelProblems > 0) {
		out.push(`   label check: ${plural(labelProblems, 'label')} disagree${labelProblems === 1 ? 's' : ''} with the transcript (listed per session)`);
	}
	const { header, row } = readmeRow(results, date);
	out.push('   README row:', indent(header, '   '), `   ${row}`);
	return out.join('\n');
}

/** The whole run as JSON, for scripts: every session's matches and proposals, and the totals. */
export function jsonReport(results: readonly SessionResult[], date: string): unknown {
	const scores = results.map(result => result.score);
	const place = (detection: Detection) => ({ kind: detection.kind, summary: detection.summary, evidence: detection.evidence });
	return {
		date,
		sessions: results.map(result => ({
			name: result.set.name,
			transcript: result.set.transcript,
			agent: result.set.labels.agent,
			fixture: result.set.fixture,
			...tallyOf([result.score]),
			detected: result.score.detected,
			hits: result.score.hits.map(hit => ({ label: { kind: hit.label.kind, line: hit.label.line, quote: hit.label.quote }, detection: place(hit.detection), crossKind: hit.crossKind, via: hit.via })),
			misses: result.score.misses.map(miss => ({ kind: miss.kind, line: miss.line, request: miss.request, file: miss.file, quote: miss.quote })),
			falsePositives: result.score.falsePositives.map(fp => ({ detection: place(fp.detection), trap: fp.trap })),
			neutral: result.score.neutral.map(neutral => ({ detection: place(neutral.detection), reason: neutral.reason, label: { kind: neutral.label.kind, line: neutral.label.line } })),
			expectProposal: result.set.labels.expectProposal,
			proposals: result.proposals,
			notes: result.notes,
			problems: result.problems,
			labelProblems: result.labelProblems,
			episodes: result.episodes,
			noted: result.noted,
			seconds: result.seconds,
		})),
		overall: { ...tallyOf(scores), detected: scores.reduce((total, score) => total + score.detected, 0) },
		real: tallyOf(results.filter(result => !result.set.fixture).map(result => result.score)),
		fixtures: tallyOf(results.filter(result => result.set.fixture).map(result => result.score)),
		perKind: perKindOf(scores),
		proposals: proposalTallyOf(results),
		readme: readmeRow(results, date).row,
	};
}
