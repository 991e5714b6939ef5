import { createHash } from 'node:crypto'
import { TextSet, setKey } from '../src/set-key.js'

// Strings of one length that differ only at their end, past what V8 hashes by content.
const long = (i: number) => `${'x'.repeat(20_000)}${String(i).padStart(6, '0')}`

test('long strings as keys fill a Set in one pass: 8,000 of them, which keyed as they are take about a minute', () => {
  const started = performance.now()
  const keys = new Set<string>()
  for (let i = 0; i < 8_000; i++) keys.add(setKey(long(i)))
  for (let i = 0; i < 8_000; i++) expect(keys.has(setKey(long(i)))).toBe(true)
  expect(performance.now() - started).toBeLessThan(10_000)
  expect(keys.size).toBe(8_000)
})

test('a key is the text itself up to 16,383 characters, and the SHA-256 of a longer one', () => {
  const edge = 'é'.repeat(16_383)
  expect(setKey(edge)).toBe(edge)
  expect(setKey(`${edge}!`)).toBe(`sha256:${createHash('sha256').update(Buffer.from(`${edge}!`, 'utf16le')).digest('hex')}`)
  expect(setKey('CVE-1|openssl')).toBe('CVE-1|openssl')
})

test('long texts that differ only in a lone surrogate, which UTF-8 would make one U+FFFD, keep apart', () => {
  const stem = 'p'.repeat(16_400)
  const keys = new Set([`${stem}\ud800`, `${stem}\udbff`, `${stem}\ufffd`].map(setKey))
  expect(keys.size).toBe(3)
})

test('a TextSet finds long texts by their hash and gives back the texts themselves', () => {
  const texts = [long(1), long(2), 'CVE-1|openssl', long(1)]
  const set = new TextSet(texts)
  expect(set.size).toBe(3)
  expect(set.has(long(2))).toBe(true)
  expect(set.has(long(3))).toBe(false)
  expect(set.has(setKey(long(2)))).toBe(false)
  expect([...set]).toEqual(['CVE-1|openssl', long(1), long(2)])
})
