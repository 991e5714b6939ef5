import { hash } from 'node:crypto'

// V8 hashes a string longer than this by its length alone, so a Set of such strings is one bucket: control characters
// in three cut fields escape to SARIF identities of some 18,000 characters, and 8,000 of them took a minute to add.
const LONGEST_HASHED = 16_383

/**
 * Text as a Set or Map key that hashes by its content: a longer one by its SHA-256 (64 hex digits). Callers whose
 * keys always hold a character hex lacks (`|`, `[`) cannot meet a short key equal to a long one's hash.
 */
export function setKey(text: string): string {
  return text.length > LONGEST_HASHED ? hash('sha256', text, 'hex') : text
}
