import * as path from 'node:path';
import { spanOnLine } from '../check/findings';
import type { LinkRef } from '../skill/markdownScan';
import type { SkillRule } from './skillContext';

const homePaths: readonly RegExp[] = [
	/(?<![\w.$~-])\/(?:home|Users)\/(?![$<{*%.])[A-Za-z0-9._-]+/g,
	/(?<![\w.$~-])\/root(?=\/)/g,
	/\b[A-Za-z]:\\(?:Users|Documents and Settings)\\(?![%$<{*])[^\\\s"'`<>|]+/gi,
];

export const hardcodedPath: SkillRule = ({ triggered }, report) => {
	for (const line of triggered('path')) {
		for (const pattern of homePaths) {
			pattern.lastIndex = 0;
			for (let match = pattern.exec(line.text); match; match = pattern.exec(line.text)) {
				report({
					rule: 'hardcoded-path', ...spanOnLine(line.line, match.index, match[0].length),
					message: `\`${match[0]}\` is a path on one person's machine: use \`$HOME\` or a path relative to the skill`,
				});
			}
		}
	}
};

const sidecarInCode = /^(?:\.\/)?(?:(?:scripts|references|reference|assets|examples|templates)\/[^\s*?<>|"'{}$]+|(?:lessons|examples|reference|workflow|forms)\.md)$/i;
const urlScheme = /^[a-z][a-z0-9+.-]*:/i;

/** The path a reference points at, relative to the skill folder, or undefined when it is not a local file. */
export function localTarget(ref: LinkRef): string | undefined {
	if (ref.kind === 'code') {
		return sidecarInCode.test(ref.target) ? path.posix.normalize(ref.target.replace(/#.*$/, '')) : undefined;
	}
	const target = ref.target.replace(/[#?].*$/, '');
	if (target === '' || urlScheme.test(target) || target.startsWith('/') || target.startsWith('//')) {
		return undefined;
	}
	try {
		return path.posix.normalize(decodeURI(target));
	} catch {
		return path.posix.normalize(target);
	}
}

export const referenceRules: SkillRule = ({ body, exists, existsInPlugin }, report) => {
	for (const ref of body.links) {
		const target = localTarget(ref);
		if (target === undefined || target === '.' || target === './') {
			continue;
		}
		const span = spanOnLine(ref.line, ref.index, ref.length);
		if (!exists(target)) {
			// A plugin's own files (`scripts/` beside `skills/`) are laid out by the plugin, not by the skill spec: not deep references.
			if (!existsInPlugin?.(target)) {
				report({ rule: 'missing-reference', ...span, message: `\`${target}\` does not exist${target.startsWith('../') ? ' (the path leaves the skill folder)' : existsInPlugin ? ' in the skill folder or the plugin\'s' : ' in the skill folder'}` });
			}
			continue;
		}
		const segments = target.replace(/\/$/, '').split('/');
		if (segments[0] !== '..' && segments.length > 2) {
			report({
				rule: 'deep-reference', ...span,
				message: `\`${target}\` is ${segments.length - 1} folders below SKILL.md; keep references one level deep (e.g. \`${segments[0]}/${segments[segments.length - 1]}\`)`,
			});
		}
	}
};
