import { hash } from 'node:crypto'

// V8 hashes a string longer than this by its length alone, so a Set of such strings is one bucket, and each insert
// compares the new string with every one there: 8,000 keys of 20,000 characters took a minute to add.
const LONGEST_HASHED = 16_383

/**
 * Text as a Set or Map key that hashes by its content: a longer one becomes `sha256:` and the hex SHA-256 of its UTF-16
 * code units (UTF-8 would turn every lone surrogate into U+FFFD, and two texts into one key). No short key of a caller
 * has that form: ids are upper-cased, baseline keys hold `|`, SARIF identities open with `[`, VEX keys with a digit or
 * `{`.
 */
export function setKey(text: string): string {
  return text.length > LONGEST_HASHED ? `sha256:${hash('sha256', Buffer.from(text, 'utf16le'), 'hex')}` : text
}

/** A Set of texts in which long ones are found by their hash (see setKey), iterated as the texts themselves. */
export class TextSet implements Iterable<string> {
  readonly #short = new Set<string>()
  // Apart from the short ones, so that no text can pass for a long one by being its hash.
  readonly #long = new Map<string, string>()

  constructor(texts: Iterable<string> = []) {
    for (const text of texts) this.add(text)
  }

  add(text: string): this {
    if (text.length > LONGEST_HASHED) this.#long.set(setKey(text), text)
    else this.#short.add(text)
    return this
  }

  has(text: string): boolean {
    return text.length > LONGEST_HASHED ? this.#long.has(setKey(text)) : this.#short.has(text)
  }

  get size(): number {
    return this.#short.size + this.#long.size
  }

  *[Symbol.iterator](): Iterator<string> {
    yield* this.#short
    yield* this.#long.values()
  }
}
