import { describe, expect, it } from '@jest/globals'
import { listed, oneLine, statusToken, withoutSecrets } from '../src/log-safety.js'

describe('oneLine', () => {
  it("breaks up the runner's old command opener `##[`, which it reads anywhere in a line", () => {
    expect(oneLine('listed ##[set-output name=result;]pass again', 200)).toBe('listed ## [set-output name=result;]pass again')
    expect(oneLine('###[x] ##[##[y]', 200)).toBe('### [x] ## [## [y]')
    // Put back together by removing what sat between: still broken up.
    expect(oneLine('#\u200b#[error]x', 200)).toBe('## [error]x')
    expect(oneLine('#\n#[error]x', 200)).toBe('# #[error]x')
    expect(oneLine('# [ok] #[ok] ## ok', 200)).toBe('# [ok] #[ok] ## ok')
  })

  it('drops invisible characters, so an id reads as what it is', () => {
    expect(oneLine('CVE-2024-30\u200b94', 100)).toBe('CVE-2024-3094')
    expect(oneLine('xz\u2060-utils 5.6.\u00ad2\ufeff', 100)).toBe('xz-utils 5.6.2')
    expect(oneLine('a\u200cb\u200dc\u034fd\u3164e\u180ef\u2061g', 100)).toBe('abcdefg')
    // Tag characters (U+E0000 block) hide whole words.
    expect(oneLine('safe\u{e0069}\u{e0067}\u{e006e}\u{e006f}\u{e0072}\u{e0065}', 100)).toBe('safe')
    expect(oneLine('\u202eevil\u2066 text', 100)).toBe('evil text')
  })

  it('keeps ordinary text from every script, emoji sequences and combining marks as they are', () => {
    const text = 'emoji 🚀 👨\u200d👩\u200d👧 \u2764\ufe0f and 中文, ελληνικά, می\u200cخواهم, e\u0301, ß'
    expect(oneLine(text, 100)).toBe(text)
  })

  it('drops joiners and variation selectors beside ASCII, where they shape nothing and only hide', () => {
    expect(oneLine('CVE-2024-30\u200d94 in xz\u200c-utils 5.6\ufe0f.1', 100)).toBe('CVE-2024-3094 in xz-utils 5.6.1')
    expect(oneLine('\u200dCVE-1 \u2764\ufe0fok', 100)).toBe('CVE-1 \u2764ok')
  })

  it('cleans a long run of joiners between letters in one pass, however far blank lines widen the window', () => {
    // Blank lines clean away, so the window grows past them to some 150,000 joiners (a package name can hold them).
    const padding = '\n'.repeat(202 * 4 ** 4)
    const hostile = `${padding}é${'\u200d'.repeat(150_000)}é`
    const started = performance.now()
    expect(oneLine(hostile, 100)).toBe(`é${'\u200d'.repeat(98)}…`)
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it('shows the text behind a megabyte of invisible characters or blank lines, not an ellipsis', () => {
    expect(oneLine(`${'\u200b'.repeat(1_000_000)}CVE-2024-3094`, 100)).toBe('CVE-2024-3094')
    expect(oneLine(`${'\n'.repeat(1_000_000)}evil package`, 100)).toBe('evil package')
    expect(oneLine(`${'\u200b'.repeat(1_000_000)}${'x'.repeat(500)}`, 100)).toBe(`${'x'.repeat(99)}…`)
    expect(oneLine(`a${' '.repeat(1_000_000)}`, 100)).toBe('a')
  })
})

describe('listed', () => {
  it('names what it leaves out, down to the last one', () => {
    expect(listed(['a', 'b', 'c', 'd'], 3)).toBe('a, b, c and 1 more')
    expect(listed(['a', 'b', 'c'], 3)).toBe('a, b, c')
    expect(listed(['a', 'b'], 3, 1)).toBe('a, b and 1 more')
    expect(listed(['a', 'b', 'c'], 1, 0, ' / ')).toBe('a and 2 more')
  })
})

describe('statusToken', () => {
  it('keeps letters, digits, _ and - only: a status from the network cannot open a command or a link', () => {
    expect(statusToken('a:b#[c] d')).toBe('a?b??c??d')
    expect(statusToken('::error::x')).toBe('??error??x')
  })
})

describe('oneLine', () => {
  it('turns NEL (U+0085), a line break to some readers, into a space', () => {
    expect(oneLine('a\u0085::error::b', 100)).toBe('a ::error::b')
  })

  it('turns the Unicode line and paragraph separators into spaces, drops annotation characters, collapses spaces', () => {
    expect(oneLine('a\u2028::error::x\u2029b', 100)).toBe('a ::error::x b')
    expect(oneLine('CVE-2024-30\ufff994\ufffb', 100)).toBe('CVE-2024-3094')
    expect(oneLine('a \n b', 10)).toBe('a b')
  })

  it('cuts at exactly maxChars characters, the ellipsis included', () => {
    expect(oneLine('é'.repeat(101), 100)).toBe(`${'é'.repeat(99)}…`)
  })
})

describe('withoutSecrets, for tokens no environment variable holds', () => {
  it.each([
    ['a fine-grained GitHub token', 'got "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"', 'got "***"'],
    ['a GitHub refresh token (ghr_)', 'got "ghr_abcdefghijklmnopqrstuvwxyz0123"', 'got "***"'],
    ['a security token header in capitals, after a space', 'X-Amz-Security-Token: FwoGZXIvYXdzEXAMPLE', 'X-Amz-Security-Token: ***'],
    ['a security token as a query parameter', '?X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLE&x=1', '?X-Amz-Security-Token=***&x=1'],
    ['a signature in capitals', 'signature=0123456789ABCDEF0123456789ABCDEF', 'signature=***'],
    ['a token scheme', 'Authorization: token abcdefghijklmnop0123', 'Authorization: token ***'],
    ['base64 with + and /', 'Authorization: Basic eC1hY2Nlc3MtdG9r+ZW46/2hzX3NlY3JldA==', 'Authorization: Basic ***'],
    ['two spaces before the credential', 'Authorization: Bearer  abcdefghijklmnopqrstuv', 'Authorization: Bearer  ***']
  ])('%s', (_, text, expected) => {
    expect(withoutSecrets(text)).toBe(expected)
  })
})
