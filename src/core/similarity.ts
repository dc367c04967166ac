/**
 * Text fingerprints for near-duplicate detection: word shingles hashed to 32 bits, MinHash
 * signatures for locality-sensitive hashing, and exact Jaccard similarity for verification.
 */

/** MinHash values per signature (2 to the power of `binBits`); LSH splits them into `lshBands` bands of `lshRows`. */
export const signatureLength = 16;
export const lshBands = 8;
export const lshRows = 2;

const fnvOffset = 0x811c9dc5;
const fnvPrime = 0x01000193;

function mix32(h: number): number {
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	return (h ^ (h >>> 16)) >>> 0;
}

function isWordChar(code: number): boolean {
	return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code > 127;
}

let wordBuffer = new Uint32Array(4096);

/**
 * Hashes each word (letters, digits, `_`, any non-ASCII), case-folded, into a shared buffer and
 * returns how many there are. The buffer is reused by the next call.
 */
function hashWords(text: string): number {
	let count = 0;
	let h = fnvOffset;
	let inWord = false;
	for (let i = 0; i <= text.length; i++) {
		let code = i < text.length ? text.charCodeAt(i) : 32;
		if (isWordChar(code)) {
			if (code >= 65 && code <= 90) {
				code += 32;
			}
			h = Math.imul(h ^ code, fnvPrime);
			inWord = true;
		} else if (inWord) {
			if (count === wordBuffer.length) {
				const grown = new Uint32Array(count * 2);
				grown.set(wordBuffer);
				wordBuffer = grown;
			}
			wordBuffer[count++] = h >>> 0;
			h = fnvOffset;
			inWord = false;
		}
	}
	return count;
}

/** A fingerprinted stretch of text: a passage of a body, or a description. */
export interface Fingerprint {
	/** A 53-bit key for the exact word sequence, so identical texts are grouped without comparing them. */
	key: number;
	/** The hashes of every run of `shingleSize` consecutive words, in text order (see `sortedSet`). */
	shingles: Uint32Array;
	signature: Uint32Array;
}

/** Fingerprints a text in one pass over its characters and one over its words; also counts the words. */
export function fingerprint(text: string, shingleSize: number): Fingerprint & { words: number } {
	const words = hashWords(text);
	let a = fnvOffset;
	let b = 0x9747b28c;
	for (let i = 0; i < words; i++) {
		a = Math.imul(a ^ wordBuffer[i], fnvPrime);
		b = Math.imul(b ^ wordBuffer[i], 0x5bd1e995) ^ (b >>> 13);
	}
	const key = (mix32(a) * 0x200000) + (mix32(b) >>> 11);
	const count = Math.max(words - shingleSize + 1, words > 0 ? 1 : 0);
	const shingles = new Uint32Array(count);
	for (let i = 0; i < count; i++) {
		let h = fnvOffset;
		for (let k = i; k < Math.min(i + shingleSize, words); k++) {
			h = Math.imul(h ^ wordBuffer[k], fnvPrime);
		}
		shingles[i] = mix32(h);
	}
	return { key, shingles, signature: minhash(shingles), words };
}

/**
 * Sorts shingles and drops repeats, as `jaccard` needs. Fingerprints leave this undone: only
 * the few texts that are compared need it.
 */
export function sortedSet(shingles: Uint32Array): Uint32Array {
	shingles.sort();
	let unique = 0;
	for (let i = 0; i < shingles.length; i++) {
		if (i === 0 || shingles[i] !== shingles[unique - 1]) {
			shingles[unique++] = shingles[i];
		}
	}
	return shingles.subarray(0, unique);
}

const binBits = 4;
const empty = 0xffffffff;

/**
 * The MinHash signature of a shingle set, by one-permutation hashing: each shingle's hash picks a
 * bin with its top bits and competes for that bin's minimum with the rest, so a shingle costs one
 * comparison instead of one per hash function. Empty bins borrow from the next filled bin
 * (rotation densification), which keeps equal sets equal and similar sets likely to agree.
 */
export function minhash(shingles: Uint32Array): Uint32Array {
	const bins = new Uint32Array(signatureLength).fill(empty);
	const valueMask = (1 << (32 - binBits)) - 1;
	for (let s = 0; s < shingles.length; s++) {
		const x = shingles[s];
		const bin = x >>> (32 - binBits);
		const value = x & valueMask;
		if (value < bins[bin]) {
			bins[bin] = value;
		}
	}
	const signature = new Uint32Array(signatureLength);
	for (let i = 0; i < signatureLength; i++) {
		let step = 0;
		while (step < signatureLength && bins[(i + step) % signatureLength] === empty) {
			step++;
		}
		signature[i] = step === signatureLength ? empty : (bins[(i + step) % signatureLength] + step * (valueMask + 1)) >>> 0;
	}
	return signature;
}

/**
 * The key of one LSH band of a signature, folded to 30 bits so it stays a small integer in V8
 * (rare collisions only add candidates, which are verified anyway).
 */
export function bandKey(signature: Uint32Array, band: number): number {
	let h = 0;
	for (let i = band * lshRows; i < (band + 1) * lshRows; i++) {
		h = mix32(h ^ signature[i]);
	}
	return h >>> 2;
}

/** Exact Jaccard similarity of two shingle sets, each sorted without repeats (`sortedSet`). */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
	if (a.length === 0 && b.length === 0) {
		return 1;
	}
	let i = 0;
	let j = 0;
	let shared = 0;
	while (i < a.length && j < b.length) {
		if (a[i] === b[j]) {
			shared++;
			i++;
			j++;
		} else if (a[i] < b[j]) {
			i++;
		} else {
			j++;
		}
	}
	return shared / (a.length + b.length - shared);
}
