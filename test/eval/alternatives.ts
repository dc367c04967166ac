/**
 * Other first-failure lines the labels accept for a resolved-failure event, taken from their
 * `notes` and `what` (the label files stay as written). A chain fixed cause by cause is labelled
 * once, at its first failing check; a detector that reports it per cause, or that starts it at
 * the first result flagged as an error, finds it at one of these lines. Keyed by transcript, then
 * by the event's `line`.
 */
export const failureAlternatives: Readonly<Record<string, Readonly<Record<number, readonly number[]>>>> = {
	// notes: "a per-cause labelling would put resolved-failure events at 155, 208, 248 (all ending 275) and 320, 358, 387 (all ending 419)".
	'cc-sung-ci-loop.jsonl': { 155: [208, 248], 320: [358, 387] },
	// notes: "only 48 is [flagged is_error]; a detector keyed on is_error starts the chain at 48"; what: "'Failed to query Python interpreter' (44)".
	'cc-cwc-tui-crash.jsonl': { 42: [44, 48] },
	// what: "`rm -rf writeups` failed three times (362, 364, 366)".
	'cc-cwc-fp-review.jsonl': { 362: [364, 366] },
	// what: "`cd rock` failed (225), the relative path then doubled (228), then Docker Hub denied access (231)"; "not found (282)".
	'cc-sung-charm-debug.jsonl': { 225: [228, 231], 261: [282] },
	// what: "cwd already in build/ (41, 43), then … CUDACXX (46)"; "repeated 'stray \' in program' (107, 109, 116, 118)"; "undeclared variables (299)".
	'cc-vsla-gpu-bench.jsonl': { 41: [43, 46], 105: [107, 109, 116, 118], 262: [299] },
	// what: "`git filter-branch --env-filter … --all` printed its usage and stopped (29)".
	'cc-vsla-git-author-2.jsonl': { 22: [29] },
	// what: "DNS lookups through the router timed out (232, 333, 358)"; "Git Bash's gpg-agent failed ('socket file removed', 927)".
	'cc-mclaude-ps-network.jsonl': { 232: [333, 358], 815: [927] },
	// what: "`whoami /priv|/groups` hit GNU whoami (10-11, again via powershell.exe at 26-27), `net user %USERNAME%` got no expansion (12)".
	'cc-mclaude-win-hooks.jsonl': { 10: [11, 12, 26, 27] },
};
