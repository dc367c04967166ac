import * as path from 'node:path';
import * as vscode from 'vscode';
import { eventsAround, transcriptMarkdown } from '../../core/review/transcriptView';
import { openSession } from '../../core/sessions/adapters';
import { type AgentKind, agentKinds, agentLabels } from '../../core/sessions/sessionEvents';
import { errorMessage } from '../../core/util/text';
import { DocumentScheme } from '../ids';

/** Where in which transcript a view is: carried in the view's URI, so the document can be rebuilt. */
interface TranscriptPlace {
	file: string;
	line: number;
	agent: AgentKind;
}

/** The read-only view of a transcript around a line, as a Markdown document of the extension's scheme. */
export function transcriptViewUri(place: TranscriptPlace): vscode.Uri {
	const name = `${path.basename(place.file).replace(/\.[^.]+$/, '')} line ${place.line}.md`;
	return vscode.Uri.from({ scheme: DocumentScheme.Transcript, path: `/${name}`, query: JSON.stringify(place) });
}

function placeOf(uri: vscode.Uri): TranscriptPlace | undefined {
	try {
		const value = JSON.parse(uri.query) as Partial<TranscriptPlace>;
		const agent = agentKinds.find(kind => kind === value.agent);
		return typeof value.file === 'string' && typeof value.line === 'number' && agent ? { file: value.file, line: value.line, agent } : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Renders the session around a cited line with the session readers of src/core/sessions: the
 * conversation instead of its raw JSON records, with a link to the raw file.
 */
export class TranscriptDocuments implements vscode.TextDocumentContentProvider {
	async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
		const place = placeOf(uri);
		if (!place) {
			return '# Not a transcript view\n';
		}
		try {
			const reader = await openSession(place.file, place.agent);
			const excerpt = await eventsAround(reader.events(), place.line, undefined);
			return transcriptMarkdown(excerpt, { title: `${agentLabels[place.agent]} session ${reader.id.slice(0, 8)}`, line: place.line, file: place.file });
		} catch (error) {
			return `# ${path.basename(place.file)}\n\nThe transcript could not be read: ${errorMessage(error)}. The review panel's *Raw* button opens the file at line ${place.line}.\n`;
		}
	}
}
