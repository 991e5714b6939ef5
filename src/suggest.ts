// "Did you mean ...?" for misspelt keys in the files a user writes (policy file, VEX): a typo must be easy to fix.

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length] ?? 0
}

const MAX_TYPO_LENGTH = 64

/** ` (did you mean X?)` for the accepted key closest to a misspelt one, or '' when none is close. */
export function suggest(key: string, accepted: readonly string[]): string {
  // A typo is short; comparing a huge key letter by letter with every candidate would only cost time.
  if (key.length > MAX_TYPO_LENGTH) return ''
  const lower = key.toLowerCase()
  const best = accepted
    .map((candidate) => ({ candidate, distance: editDistance(lower, candidate.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance)[0]
  return best && best.distance <= Math.max(2, Math.floor(key.length / 4)) ? ` (did you mean ${best.candidate}?)` : ''
}
