/**
 * Text fingerprints for near-duplicate detection: word shingles hashed to 32 bits, MinHash
 * signatures for locality-sensitive hashing, and exact Jaccard similarity for verification.
 */

/** MinHash values per signature; LSH splits them into `lshBands` bands of `lshRows`. */
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

/** Hashes each word (letters, digits, `_`, any non-ASCII), case-folded, in order. */
export function wordHashes(text: string): number[] {
	const words: number[] = [];
	let h = fnvOffset;
	let inWord = false;
	for (let i = 0; i < text.length; i++) {
		let code = text.charCodeAt(i);
		if (isWordChar(code)) {
			if (code >= 65 && code <= 90) {
				code += 32;
			}
			h = Math.imul(h ^ code, fnvPrime);
			inWord = true;
		} else if (inWord) {
			words.push(h >>> 0);
			h = fnvOffset;
			inWord = false;
		}
	}
	if (inWord) {
		words.push(h >>> 0);
	}
	return words;
}

/** The sorted, de-duplicated hashes of every run of `size` consecutive words. */
export function shingleSet(words: readonly number[], size: number): Uint32Array {
	const count = Math.max(words.length - size + 1, words.length > 0 ? 1 : 0);
	const shingles = new Uint32Array(count);
	for (let i = 0; i < count; i++) {
		let h = fnvOffset;
		for (let k = i; k < Math.min(i + size, words.length); k++) {
			h = Math.imul(h ^ words[k], fnvPrime);
		}
		shingles[i] = mix32(h);
	}
	shingles.sort();
	let unique = 0;
	for (let i = 0; i < shingles.length; i++) {
		if (i === 0 || shingles[i] !== shingles[unique - 1]) {
			shingles[unique++] = shingles[i];
		}
	}
	return shingles.subarray(0, unique);
}

/** A 53-bit key for the exact word sequence, so identical passages are grouped without comparing them. */
export function exactKey(words: readonly number[]): number {
	let a = fnvOffset;
	let b = 0x9747b28c;
	for (const word of words) {
		a = Math.imul(a ^ word, fnvPrime);
		b = Math.imul(b ^ word, 0x5bd1e995) ^ (b >>> 13);
	}
	return (mix32(a) * 0x200000) + (mix32(b) >>> 11);
}

// Multipliers and offsets of the linear hash functions that stand in for random permutations.
const multipliers = Uint32Array.from({ length: signatureLength }, (_, i) => (mix32(i * 2 + 1) | 1) >>> 0);
const offsets = Uint32Array.from({ length: signatureLength }, (_, i) => mix32(i * 2 + 2));

/** The MinHash signature of a shingle set. */
export function minhash(shingles: Uint32Array): Uint32Array {
	const signature = new Uint32Array(signatureLength).fill(0xffffffff);
	for (let s = 0; s < shingles.length; s++) {
		const x = shingles[s];
		for (let i = 0; i < signatureLength; i++) {
			const h = (Math.imul(x, multipliers[i]) + offsets[i]) >>> 0;
			if (h < signature[i]) {
				signature[i] = h;
			}
		}
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

/** Exact Jaccard similarity of two sorted shingle sets. */
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
