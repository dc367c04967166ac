import * as fs from 'node:fs';
import type * as vscode from 'vscode';
import { ruleAnchor } from '../../core/rules/catalog';

/**
 * The bundled docs/rules.md, with the line of each rule's heading: a diagnostic's code links
 * there (`#L<line>`), which works offline and in remote windows.
 */
export class RuleDocumentation {
	private readonly headingLines = new Map<string, number>();
	private readonly links = new Map<string, vscode.Uri>();

	constructor(readonly uri: vscode.Uri) {
		try {
			fs.readFileSync(uri.fsPath, 'utf8').split('\n').forEach((line, index) => {
				const heading = /^### (\S+)$/.exec(line);
				if (heading) {
					this.headingLines.set(heading[1], index + 1);
				}
			});
		} catch {
			// Without the file, links point at the top of where it should be.
		}
	}

	/** The 1-based line of a rule's section. */
	lineOf(rule: string): number {
		return this.headingLines.get(ruleAnchor(rule)) ?? 1;
	}

	/** The link of a rule's section; one per rule, shared by its diagnostics (a library has tens of thousands). */
	linkTo(rule: string): vscode.Uri {
		let link = this.links.get(rule);
		if (!link) {
			link = this.uri.with({ fragment: `L${this.lineOf(rule)}` });
			this.links.set(rule, link);
		}
		return link;
	}
}
