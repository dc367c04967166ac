import type { LibraryService } from '../library/libraryService';

/** Skills: Refresh Library — scans every root again; the Library view and the status bar show how far it is. */
export function refreshLibraryCommand(library: LibraryService): () => Promise<void> {
	return () => library.rescan();
}
