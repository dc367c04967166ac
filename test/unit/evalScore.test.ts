import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkLabels } from '../eval/labelCheck';
import type { LabelSet } from '../eval/labelSets';
import {
	type Detection, labelKindOf, type LabelledEvent, type NotEvent, perKindOf, ratio, requestLineOf, requestStartLines, scoreSession, tallyOf,
} from '../eval/score';

function event(kind: LabelledEvent['kind'], line: number, extra: Partial<LabelledEvent> = {}): LabelledEvent {
	return { kind, line, quote: `quote ${line}`, what: '', lesson: true, ...extra };
}

function notEvent(line: number, file?: string): NotEvent {
	return { line, quote: `trap ${line}`, why: 'a trap', ...(file ? { file } : {}) };
}

/** A detection citing the lines given (the first is its place), in the main file unless `file` is given. */
function detected(kind: string, lines: number[], file?: string): Detection {
	return { kind, summary: kind, evidence: lines.map(line => ({ line, quote: `said at ${line}`, ...(file ? { file } : {}) })) };
}

function score(events: LabelledEvent[], detections: Detection[], notEvents: NotEvent[] = []) {
	return scoreSession({ events, notEvents }, detections);
}

describe('detector kinds', () => {
	test('today\'s kinds and the rewrite\'s map onto the label kinds', () => {
		assert.equal(labelKindOf('user-correction'), 'correction');
		assert.equal(labelKindOf('user-rule'), 'rule');
		assert.equal(labelKindOf('workaround'), 'resolved-failure');
		assert.equal(labelKindOf('repeated-error'), 'resolved-failure');
		assert.equal(labelKindOf('resolved-failure'), 'resolved-failure');
		assert.equal(labelKindOf('skill-written'), 'skill-written');
		assert.equal(labelKindOf('downvote'), undefined);
		assert.equal(labelKindOf('constructor'), undefined);
	});
});

describe('matching', () => {
	test('a detection of the same kind at the labelled line is a hit; the rest are misses and false positives', () => {
		const result = score([event('correction', 10), event('skill-written', 20)], [detected('user-correction', [10]), detected('skill-written', [21])]);
		assert.deepEqual(result.hits.map(hit => [hit.label.line, hit.crossKind, hit.via]), [[10, false, undefined]]);
		assert.deepEqual(result.misses.map(miss => miss.line), [20]);
		assert.deepEqual(result.falsePositives.map(fp => [fp.detection.evidence[0].line, fp.trap]), [[21, undefined]]);
	});

	test('a false positive on a notEvent line is a known trap; a correction is one on any of its lines', () => {
		const result = score([], [detected('interrupt', [15])], [notEvent(15)]);
		assert.equal(result.falsePositives[0].trap?.why, 'a trap');
		const redirect = score([event('interrupt', 192)], [detected('interrupt', [192]), detected('user-correction', [192, 194])], [notEvent(194)]);
		assert.equal(redirect.falsePositives[0].trap?.line, 194);
		assert.equal(score([], [detected('workaround', [192, 194])], [notEvent(194)]).falsePositives[0].trap, undefined);
	});

	test('a correction found as a rule, or a rule as a correction, is a cross-kind hit', () => {
		const result = score([event('rule', 5), event('correction', 9)], [detected('user-correction', [5]), detected('user-rule', [9])]);
		assert.deepEqual(result.hits.map(hit => [hit.label.kind, hit.detection.kind, hit.crossKind]), [['rule', 'user-correction', true], ['correction', 'user-rule', true]]);
		assert.equal(result.falsePositives.length, 0);
	});

	test('a correction that cites the interrupt first matches on its later evidence line', () => {
		const result = score([event('interrupt', 228), event('correction', 229)], [detected('interrupt', [228]), detected('user-correction', [228, 229])]);
		assert.equal(result.hits.length, 2);
		assert.equal(result.hits.find(hit => hit.label.kind === 'correction')?.via, 'later-evidence');
	});

	test('other kinds match on their first evidence line only', () => {
		const result = score([event('resolved-failure', 523)], [detected('repeated-error', [4, 523])], [notEvent(4)]);
		assert.equal(result.hits.length, 0);
		assert.equal(result.falsePositives[0].trap?.line, 4);
	});

	test('a refusal and its interrupt marker are one act: one line apart, either kind finds it', () => {
		const alone = score([event('rejection', 54)], [detected('interrupt', [55])]);
		assert.deepEqual(alone.hits.map(hit => [hit.crossKind, hit.via]), [[true, 'tolerance']]);
		const both = score([event('rejection', 54)], [detected('rejection', [54]), detected('interrupt', [55])], [notEvent(55)]);
		assert.equal(both.hits[0].detection.kind, 'rejection');
		assert.equal(both.falsePositives[0].trap?.line, 55, 'the marker on its notEvent line is a known trap');
		const unlisted = score([event('rejection', 54)], [detected('rejection', [54]), detected('interrupt', [55])]);
		assert.deepEqual(unlisted.neutral.map(neutral => neutral.reason), ['duplicate']);
		assert.equal(score([event('interrupt', 54)], [detected('interrupt', [56])]).hits.length, 0);
	});

	test('a resolved failure matches within two lines of its first failing line, or at an alternative', () => {
		const failure = event('resolved-failure', 155, { alternatives: [208, 248] });
		assert.equal(score([failure], [detected('workaround', [157, 160])]).hits[0].via, 'tolerance');
		assert.equal(score([failure], [detected('workaround', [158])]).hits.length, 0);
		const perCause = score([failure], [detected('resolved-failure', [208, 275]), detected('resolved-failure', [248, 275])]);
		assert.equal(perCause.hits[0].via, 'alternative');
		assert.deepEqual(perCause.neutral.map(neutral => neutral.reason), ['duplicate']);
		assert.equal(perCause.falsePositives.length, 0);
	});

	test('a recurrence the labels list is neutral, neither hit nor false positive', () => {
		const result = score([event('resolved-failure', 128, { repeats: [144, 248] })], [detected('workaround', [128]), detected('workaround', [248]), detected('user-correction', [144])]);
		assert.equal(result.hits.length, 1);
		assert.deepEqual(result.neutral.map(neutral => [neutral.reason, neutral.detection.evidence[0].line]), [['repeat', 248]]);
		assert.equal(result.falsePositives.length, 1, 'only resolved failures repeat');
		assert.equal(tallyOf([result]).precision, 0.5);
	});

	test('matches are one to one, cheapest first', () => {
		const result = score(
			[event('resolved-failure', 42), event('resolved-failure', 40)],
			[detected('workaround', [41]), detected('workaround', [42])],
		);
		assert.deepEqual(result.hits.map(hit => [hit.detection.evidence[0].line, hit.label.line]).sort(), [[41, 40], [42, 42]]);
		const twice = score([event('skill-written', 7)], [detected('skill-written', [7]), detected('skill-written', [7])]);
		assert.equal(twice.hits.length, 1);
		assert.deepEqual(twice.neutral.map(neutral => neutral.reason), ['duplicate']);
	});

	test('a line in a subagent transcript matches only a label in that file', () => {
		const subagent = '/home/dev/.claude/projects/p/5f0c/subagents/agent-a1.jsonl';
		const result = score(
			[event('correction', 3), event('correction', 3, { file: '5f0c/subagents/agent-a1.jsonl' })],
			[detected('user-correction', [3], subagent), detected('interrupt', [1], subagent)],
			[notEvent(1, 'subagents/agent-a1.jsonl'), notEvent(1)],
		);
		assert.deepEqual(result.hits.map(hit => hit.label.file), ['5f0c/subagents/agent-a1.jsonl']);
		assert.deepEqual(result.misses.map(miss => miss.file), [undefined]);
		assert.equal(result.falsePositives[0].trap?.file, 'subagents/agent-a1.jsonl');
		assert.equal(score([event('correction', 3)], [detected('user-correction', [3], subagent)]).hits.length, 0);
	});

	test('a kind the labels do not know is a false positive, counted apart per kind', () => {
		const result = score([], [detected('downvote', [3])]);
		assert.equal(result.falsePositives.length, 1);
		assert.equal(perKindOf([result]).unknown, 1);
	});
});

describe('totals', () => {
	test('precision and recall are micro-averaged over sessions; nothing to divide by gives undefined', () => {
		const first = score([event('correction', 1), event('correction', 2)], [detected('user-correction', [1]), detected('user-correction', [5])]);
		const second = score([event('interrupt', 1)], [detected('interrupt', [1]), detected('interrupt', [9]), detected('interrupt', [12])], [notEvent(9)]);
		const tally = tallyOf([first, second]);
		assert.deepEqual(
			[tally.labelled, tally.scored, tally.hits, tally.falsePositives, tally.knownTraps, tally.precision, tally.recall],
			[3, 5, 2, 3, 1, 2 / 5, 2 / 3],
		);
		assert.equal(tallyOf([score([], [])]).precision, undefined);
		assert.equal(ratio(0, 0), undefined);
	});

	test('per kind, recall goes by the labelled kind and precision by the detected one', () => {
		const result = score([event('rule', 5), event('correction', 8)], [detected('user-correction', [5]), detected('user-correction', [6])]);
		const { kinds } = perKindOf([result]);
		assert.deepEqual([kinds.rule.labelled, kinds.rule.found, kinds.rule.recall, kinds.rule.detected, kinds.rule.precision], [1, 1, 1, 0, undefined]);
		assert.deepEqual([kinds.correction.labelled, kinds.correction.found, kinds.correction.detected, kinds.correction.correct, kinds.correction.precision], [1, 0, 2, 1, 0.5]);
	});
});

describe('Copilot chat exports', () => {
	const chat = [
		'{',
		'  "version": 3,',
		'  "requesterAvatarIconUri": { "path": "/u/1" },',
		'  "note": "a string with { braces } and \\"requests\\": [ { quoted } ]",',
		'  "requests": [',
		'    {',
		'      "message": { "text": "fix the tests" },',
		'      "response": [ { "value": "ok" }, { "nested": [ { "deep": true } ] } ]',
		'    },',
		'    {',
		'      "message": { "text": "No, don\'t touch db.ts." }',
		'    }',
		'  ],',
		'  "other": [ { "requests": [ {} ] } ]',
		'}',
	].join('\n');

	test('the requests open on the lines the labels give', () => {
		assert.deepEqual(requestStartLines(chat), [6, 10]);
	});

	test('a line inside a request is snapped to its opening line', () => {
		assert.equal(requestLineOf([6, 10], 8), 6);
		assert.equal(requestLineOf([6, 10], 10), 10);
		assert.equal(requestLineOf([6, 10], 14), 10);
		assert.equal(requestLineOf([6, 10], 2), 2);
	});

	test('the label check finds a request on the wrong line and a quote not in its request', () => {
		const set: LabelSet = {
			name: 'chat', labelFile: 'chat.json', transcript: 'chat.json', fixture: true,
			labels: {
				transcript: 'chat.json', agent: 'copilot-chat', summary: '', lessons: [], expectProposal: true, notes: '',
				events: [{ ...event('correction', 10, { request: 1 }), quote: 'No, don\'t touch db.ts.' }, { ...event('correction', 7, { request: 0 }), quote: 'fix the tests' }],
				notEvents: [{ line: 6, request: 0, quote: 'not there', why: '' }],
			},
		};
		assert.deepEqual(checkLabels(set, chat), [
			'event correction at 7: request 0 opens at line 6',
			'notEvent at 6: "not there" is not in request 0',
		]);
	});

	test('the label check reads a JSON-lines record\'s strings, and the raw text of a line that does not parse', () => {
		const text = ['{"type":"user","message":{"content":"never   commit\\nwithout signing"}}', '{"broken": "M\\[REDACTED]'].join('\n');
		const set: LabelSet = {
			name: 'cc', labelFile: 'cc.json', transcript: 'cc.jsonl', fixture: false,
			labels: {
				transcript: 'cc.jsonl', agent: 'claude-code', summary: '', lessons: [], expectProposal: true, notes: '',
				events: [{ ...event('rule', 1), quote: 'never commit without signing' }, { ...event('correction', 2), quote: 'elsewhere' }],
				notEvents: [{ line: 2, quote: '[REDACTED]', why: '' }],
			},
		};
		assert.deepEqual(checkLabels(set, text), ['event correction at 2: "elsewhere" is not on that line']);
	});
});
