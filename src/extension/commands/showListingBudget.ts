import * as vscode from 'vscode';
import { type ClientId, clientIds } from '../../core/check/clients';
import { describeTotals, summarizeListing } from '../../core/listing/listingReport';
import { BuiltinCommand } from '../ids';
import type { LibraryService } from '../library/libraryService';
import { listingUri } from '../listing/listingDocuments';

/**
 * Skills: Show Listing Budget… — picks one of the targeted clients (or takes one given) and shows
 * its listing of the library rendered, read-only: the skills in order, their cost, the cut.
 */
export function showListingBudgetCommand(library: LibraryService): (client?: string) => Promise<vscode.Uri | undefined> {
	return async client => {
		await library.scanned;
		const listings = await library.listings();
		let picked = clientIds.find(id => id === client);
		if (!picked) {
			if (listings.length === 0) {
				void vscode.window.showInformationMessage('None of the targeted clients documents a listing budget (Claude Code, Codex and Copilot CLI do): add one to `skillDistiller.targets`.');
				return undefined;
			}
			const choice = await vscode.window.showQuickPick(listings.map(listing => ({
				label: listing.label, description: describeTotals(summarizeListing(listing, [])), detail: listing.facts.source, client: listing.client as ClientId,
			})), { placeHolder: 'Whose listing of the library?' });
			picked = choice?.client;
		}
		if (!picked) {
			return undefined;
		}
		const uri = listingUri(picked);
		await vscode.commands.executeCommand(BuiltinCommand.MarkdownPreview, uri);
		return uri;
	};
}
