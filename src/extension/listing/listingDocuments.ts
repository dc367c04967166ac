import * as os from 'node:os';
import * as vscode from 'vscode';
import { type ClientId, clientIds, clients } from '../../core/check/clients';
import { listingMarkdown, summarizeListing } from '../../core/listing/listingReport';
import { DocumentScheme } from '../ids';
import type { LibraryService } from '../library/libraryService';

/** The read-only listing of one client, as a Markdown document of the extension's scheme. */
export function listingUri(client: ClientId): vscode.Uri {
	return vscode.Uri.from({ scheme: DocumentScheme.Listing, path: `/${clients[client].label} listing.md`, query: client });
}

/**
 * One client's listing of the library rendered as Markdown: the skills in listing order, what
 * each costs, where the budget ends. It follows the library: an edit that moves the cut shows.
 */
export class ListingDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
	private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this.changeEmitter.event;
	private readonly subscription: vscode.Disposable;

	constructor(private readonly library: LibraryService) {
		this.subscription = library.onDidChange(() => {
			for (const document of vscode.workspace.textDocuments) {
				if (document.uri.scheme === DocumentScheme.Listing) {
					this.changeEmitter.fire(document.uri);
				}
			}
		});
	}

	async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
		const client = clientIds.find(id => id === uri.query);
		if (!client) {
			return '# Not a listing\n';
		}
		const listing = (await this.library.listings()).find(candidate => candidate.client === client);
		if (!listing) {
			return `# ${clients[client].label}: listing budget\n\n${clients[client].label} is not among the targets (\`skillDistiller.targets\` or \`skillDistiller.profile\`), or the rule \`listing-budget\` is off.\n`;
		}
		const folders = (vscode.workspace.workspaceFolders ?? []).map(folder => folder.uri.fsPath);
		return listingMarkdown(summarizeListing(listing, folders, os.homedir()));
	}

	dispose(): void {
		this.subscription.dispose();
		this.changeEmitter.dispose();
	}
}
