import * as os from 'node:os';
import { clientIds } from '../core/check/clients';
import { listedClients } from '../core/listing/listingBudget';
import { listingText, summarizeListing } from '../core/listing/listingReport';
import { type CommandIo, type LibraryOptions, loadLibrary, UsageError } from './loadLibrary';

export interface ListingOptions extends LibraryOptions {
	format: string;
	/** One client to simulate instead of every targeted one. */
	client?: string;
}

/** Runs `listing`: each targeted client's listing of the library, in order, with what each skill costs and where the budget ends. */
export async function runListing(options: ListingOptions, io: CommandIo): Promise<number> {
	if (!['text', 'json'].includes(options.format)) {
		throw new UsageError(`--format must be text or json, not "${options.format}"`);
	}
	const listable = listedClients(clientIds);
	if (options.client !== undefined && !(listable as string[]).includes(options.client)) {
		throw new UsageError(`--client takes one of ${listable.join(', ')} (the clients whose listing budget is documented), not "${options.client}"`);
	}
	const { result, config } = await loadLibrary({ ...options, ...(options.client ? { targets: options.client } : {}) }, io);
	const summaries = result.index.listings().map(listing => summarizeListing(listing, [io.cwd], os.homedir()));
	if (options.format === 'json') {
		io.stdout.write(`${JSON.stringify({ clients: summaries }, null, 2)}\n`);
		return 0;
	}
	if (summaries.length === 0) {
		io.stdout.write(`None of the targeted clients (${config.targets.join(', ') || 'none'}) documents a listing budget; try --client ${listable.join('|')}.\n`);
		return 0;
	}
	io.stdout.write(summaries.map(listingText).join('\n'));
	return 0;
}
