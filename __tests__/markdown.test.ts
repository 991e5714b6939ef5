import { describe, expect, it, test } from '@jest/globals'
import fc from 'fast-check'
import {
  BLOCKING_COLUMNS,
  byteLength,
  compareFindings,
  escapeMarkdown,
  findingsTable,
  grouped,
  isCanonicalHttpUrl,
  linkOrText,
  omittedNote,
  safeUrl,
  severityTable,
  sortedFindings,
  verdictLines
} from '../src/markdown.js'
import { oneLine } from '../src/log-safety.js'
import { htmlText, renderGfm, renderInCell, tableCells } from './support/markdown-render.js'
import { makeFinding, makePolicy, makeReport } from './support/reports.js'

const ZWSP = /\u2060/g

// What a reader sees when the escaped text is rendered inside a table cell; undefined when the table broke.
function seen(text: string): string | undefined {
  const cell = renderInCell(escapeMarkdown(text, 10_000))
  if (cell === undefined) return undefined
  return cell.includes('<') ? `TAG: ${cell}` : htmlText(cell).replace(ZWSP, '')
}

describe('escapeMarkdown', () => {
  it.each([
    // GitHub links bare URLs and www. hosts itself: a joiner breaks them, invisibly.
    ['a bare URL', 'https://evil.example/login', 'https:&#8288;//evil.example/login'],
    ['a www. host', 'www.evil.example', 'www&#8288;.evil.example'],
    // A list marker at the start of a list item's text would nest a list.
    ['"1."', '1.', '1&#46;'],
    ['"7)"', '7)', '7&#41;'],
    ['a nine-digit list marker', '123456789. x', '123456789&#46; x']
  ])('%s is left inert', (_, text, expected) => {
    expect(escapeMarkdown(text)).toBe(expected)
  })

  it("escapes GitHub's math delimiters, the image bang and word-edge underscores as entities, and leaves quotes as they are", () => {
    // marked renders neither math nor GitHub's underscore rules the way GitHub does: the bytes are what is checked.
    expect(escapeMarkdown("$E=mc^2$ ![x] it's a_b _c_")).toBe('&#36;E=mc^2&#36; &#33;&#91;x&#93; it\'s a_b &#95;c&#95;')
  })

  const hostile = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[click](javascript:alert(1))',
    '![pixel](https://evil.example/p.png)',
    '[ref]: https://evil.example',
    'a | b | c',
    '**bold** _em_ ~~strike~~ `code` $x^2$',
    '<https://evil.example>',
    'see https://evil.example and www.evil.example and mail@evil.example',
    'ping @octocat and @github/security, see #123 and GH-4 :rocket:',
    '&lt;b&gt; &amp; &#124; &#x3C;',
    '\\| \\* backslashes',
    '# heading',
    '> quote',
    '- item',
    '+ item',
    '1. item',
    '1) item',
    '_emphasis_ and __strong__ and snake_case_name',
    '(parens) and [link](https://evil.example) and ![img](x)',
    '---',
    '```js',
    '<!-- comment -->',
    '<details><summary>x</summary>',
    'line one\nline two\r\n::error::pwned\rend',
    '\u202eevil\u2066 text',
    'emoji 🚀 and 中文 and e\u0301'
  ]

  it.each(hostile)('renders %j as exactly its text, inside one table cell', (text) => {
    expect(seen(text)).toBe(oneLine(text, 10_000))
  })

  // SARIF help and the comment put package names at the start of list items, where `1) ` would open a list.
  it.each(hostile)('renders %j as exactly its text, as a list item', (text) => {
    const item = /^<ul>\n<li>([^<]*)<\/li>\n<\/ul>\n?$/.exec(renderGfm(`- ${escapeMarkdown(text, 10_000)}`))?.[1]
    expect(item === undefined ? undefined : htmlText(item).replace(ZWSP, '')).toBe(oneLine(text, 10_000))
  })

  it('leaves nothing a GFM renderer turns into markup', () => {
    const html = renderGfm(hostile.map((text) => `- ${escapeMarkdown(text)}`).join('\n'))
    expect(html).not.toMatch(/<(a|img|script|code|em|strong|del|h\d|blockquote|pre|hr|details|ol)\b/)
    expect(html.match(/<ul>/g)).toHaveLength(1)
  })

  it('breaks the links GitHub adds after rendering: mentions, issue references, bare URLs, emoji', () => {
    const text = htmlText(renderGfm(escapeMarkdown('@octocat #12 https://x.example www.x.example a@b.example :smile:')))
    expect(text).not.toMatch(/@\w|#\d|:\/\/|www\.|:smile:/)
    expect(text.replace(ZWSP, '')).toContain('@octocat #12 https://x.example www.x.example a@b.example :smile:')
  })

  it('breaks e-mail autolinks whatever follows the @, even an escaped underscore GitHub decodes first', () => {
    for (const text of ['report-to@-evil.example', 'sec@_phish.example', 'a@b.example']) {
      const escaped = escapeMarkdown(text)
      expect(escaped).toMatch(/@&#8288;/)
      expect(renderGfm(escaped)).not.toMatch(/<a\b/)
    }
  })

  it('breaks the references GitHub links in comments: GH-123 issues and commit-like hex words', () => {
    for (const text of ['GH-1', 'fixed in gh-2', 'deadbeefcafe1234', '1.0-deadbee', 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678']) {
      const escaped = escapeMarkdown(text)
      expect(escaped).not.toBe(text)
      expect(escaped.replaceAll('&#8288;', '')).toBe(text)
      expect(escaped).not.toMatch(/GH-\d|[0-9a-f]{7}/i)
    }
    // Not a commit: all digits, too short, or a 64-digit image digest.
    for (const text of ['20230101', 'cafe12', `sha256:${'ab'.repeat(32)}`]) expect(escapeMarkdown(text, 1000)).toBe(text)
  })

  it('keeps ordinary identifiers readable in the Markdown source', () => {
    expect(escapeMarkdown('CVE-2024-12345')).toBe('CVE-2024-12345')
    expect(escapeMarkdown('libssl3 3.0.11-1~deb12u2')).toBe('libssl3 3.0.11-1&#126;deb12u2')
    expect(escapeMarkdown('RHSA-2023:1234')).toBe('RHSA-2023:1234')
  })

  it('turns line breaks into spaces and cuts long text with an ellipsis', () => {
    expect(escapeMarkdown('a\nb\r\nc')).toBe('a b c')
    const long = escapeMarkdown('x'.repeat(1_000_000), 50)
    expect(long).toBe(`${'x'.repeat(49)}…`)
  })

  it('counts characters, not UTF-16 units, and never splits a surrogate pair', () => {
    const cut = escapeMarkdown('🚀'.repeat(10), 5)
    expect(Array.from(cut)).toEqual(['🚀', '🚀', '🚀', '🚀', '…'])
  })

  it('treats missing or non-string values as empty', () => {
    expect(escapeMarkdown(undefined)).toBe('')
    expect(escapeMarkdown(null)).toBe('')
    expect(escapeMarkdown({ toString: () => '<b>' })).toBe('')
    expect(escapeMarkdown(7.5)).toBe('7.5')
  })
})

describe('safeUrl and linkOrText', () => {
  it('accepts http and https only', () => {
    expect(safeUrl('https://nvd.nist.gov/vuln/detail/CVE-2024-1')).toBe('https://nvd.nist.gov/vuln/detail/CVE-2024-1')
    expect(safeUrl('http://people.ubuntu.com/~ubuntu-security/cve/CVE-2019-5188')).toBe(
      'http://people.ubuntu.com/~ubuntu-security/cve/CVE-2019-5188'
    )
    for (const bad of ['javascript:alert(1)', 'data:text/html,<b>', 'vbscript:x', 'ftp://x.example/', '//x.example', 'not a url', '']) {
      expect(safeUrl(bad)).toBeUndefined()
    }
    expect(safeUrl('https://user:secret@x.example/')).toBeUndefined()
    expect(safeUrl('https://:secret@x.example/')).toBeUndefined()
    // A canonical URL is taken as it is only when nothing in it can end a table cell or the link.
    expect(safeUrl('https://x.example/a|b')).toBe('https://x.example/a%7Cb')
    expect(safeUrl('https://x.example/a)b')).toBe('https://x.example/a%29b')
    expect(safeUrl(`https://x.example/${'a'.repeat(3000)}`)).toBeUndefined()
    expect(safeUrl(42)).toBeUndefined()
  })

  it('escapes what would end the link or the table cell', () => {
    const href = safeUrl("https://x.example/a(b)c|d e'f\"g<h>?q=1&copy=2#frag")!
    expect(href).toBe('https://x.example/a%28b%29c%7Cd%20e%27f%22g%3Ch%3E?q=1&amp;copy=2#frag')
    const cell = renderInCell(`[CVE-1](${href})`)!
    expect(cell).toBe('<a href="https://x.example/a%28b%29c%7Cd%20e%27f%22g%3Ch%3E?q=1&amp;copy=2#frag">CVE-1</a>')
  })

  it('links the escaped id only when the link is a plain http(s) URL', () => {
    expect(linkOrText('CVE-1', 'https://x.example/CVE-1')).toBe('[CVE-1](https://x.example/CVE-1)')
    expect(linkOrText('CVE-1', 'javascript:alert(1)')).toBe('CVE-1')
    expect(linkOrText('[x](https://evil.example)', '')).toBe('&#91;x&#93;(https:&#8288;//evil.example)')
    expect(linkOrText('', 'https://x.example')).toBe('[(no id)](https://x.example/)')
  })
})

describe('tables', () => {
  const policy = makePolicy({ severityThreshold: 'MEDIUM', ignore: [{ id: 'CVE-3', reason: 'not reachable', source: 'ignore input' }] })
  const report = makeReport(
    [
      makeFinding({ id: 'CVE-1', severity: 'MEDIUM', score: 5 }),
      makeFinding({ id: 'CVE-2', severity: 'CRITICAL', score: 9.8, exploitAvailable: 'YES' }),
      makeFinding({ id: 'CVE-3', severity: 'HIGH' }),
      makeFinding({ id: 'CVE-4', severity: 'LOW', score: undefined }),
      makeFinding({ id: 'CVE-5', severity: 'UNTRIAGED', score: undefined })
    ],
    policy
  )

  it('counts found, blocking and ignored for every severity, zero rows included', () => {
    expect(severityTable(report.verdict!.counts)).toBe(
      [
        '| Severity | Found | Blocking | Ignored |',
        '| --- | --- | --- | --- |',
        '| CRITICAL | 1 | 1 | 0 |',
        '| HIGH | 1 | 0 | 1 |',
        '| MEDIUM | 1 | 1 | 0 |',
        '| LOW | 1 | 0 | 0 |',
        '| INFORMATIONAL | 0 | 0 | 0 |',
        '| UNTRIAGED | 1 | 0 | 0 |',
        '| **Total** | **5** | **2** | **1** |'
      ].join('\n')
    )
  })

  it('orders most severe first, then highest score, unknown scores last', () => {
    const order = [
      makeFinding({ id: 'B', severity: 'HIGH', score: 7 }),
      makeFinding({ id: 'A', severity: 'HIGH', score: undefined }),
      makeFinding({ id: 'C', severity: 'CRITICAL', score: 9 }),
      makeFinding({ id: 'D', severity: 'HIGH', score: 8.8 }),
      makeFinding({ id: 'A', severity: 'HIGH', score: 7 })
    ].sort(compareFindings)
    expect(order.map((f) => `${f.id}${f.score ?? '-'}`)).toEqual(['C9', 'D8.8', 'A7', 'B7', 'A-'])
  })

  it('builds the blocking table with every column a reader acts on', () => {
    const blocking = sortedFindings(report.verdict!.decided, (d) => d.decision === 'blocking')
    const { markdown, omitted } = findingsTable(blocking, BLOCKING_COLUMNS, { bytes: 10_000, rows: 100 })
    expect(omitted).toBe(0)
    expect(tableCells(renderGfm(markdown)).map((row) => row.map(htmlText))).toEqual([
      ['<a href="https://nvd.nist.gov/vuln/detail/CVE-2">CVE-2</a>', 'CRITICAL', '9.8', 'openssl', '3.0.11-1', '3.0.13-1', 'yes'],
      ['<a href="https://nvd.nist.gov/vuln/detail/CVE-1">CVE-1</a>', 'MEDIUM', '5.0', 'openssl', '3.0.11-1', '3.0.13-1', 'no']
    ])
  })

  it('stops at the byte budget and the row cap, and says how many it left out', () => {
    const many = sortedFindings(
      makeReport(Array.from({ length: 500 }, (_, i) => makeFinding({ id: `CVE-${i}` }))).verdict!.decided
    )
    const byBytes = findingsTable(many, BLOCKING_COLUMNS, { bytes: 5_000, rows: 1000 })
    expect(byteLength(byBytes.markdown)).toBeLessThanOrEqual(5_000)
    expect(byBytes.omitted).toBeGreaterThan(400)
    expect(byBytes.markdown.split('\n')).toHaveLength(2 + 500 - byBytes.omitted)
    expect(findingsTable(many, BLOCKING_COLUMNS, { bytes: 1e6, rows: 10 }).omitted).toBe(490)
    expect(findingsTable(many, BLOCKING_COLUMNS, { bytes: 10, rows: 10 })).toEqual({ markdown: '', omitted: 500 })
  })

  it('counts the budget in UTF-8 bytes, line breaks included, whatever the script: never a byte over it', () => {
    const few = sortedFindings(
      makeReport(Array.from({ length: 10 }, (_, i) => makeFinding({ id: `CVE-${i}`, packageName: `漏洞-${'й'.repeat(i * 3)}` }))).verdict!.decided
    )
    for (let budget = 0; budget <= 3_000; budget++) {
      const { markdown } = findingsTable(few, BLOCKING_COLUMNS, { bytes: budget, rows: 100 })
      expect(Buffer.byteLength(markdown, 'utf8')).toBeLessThanOrEqual(budget)
    }
    expect(byteLength('漏é')).toBe(5)
  })

  it('points at the full list when rows were left out', () => {
    expect(omittedNote(0, 'findings', report)).toBe('')
    const files = { ...report, reportFile: 'r.json', sarifFile: 'r.sarif' }
    expect(omittedNote(93_000, 'blocking findings', files, true)).toBe(
      '_… and 93,000 more blocking findings not shown here: see the JSON report or the SARIF file._'
    )
    // SARIF leaves out ignored and suppressed findings: a list holding them points at the JSON report alone.
    expect(omittedNote(2_162, 'ignored findings', files)).toBe('_… and 2,162 more ignored findings not shown here: see the JSON report._')
  })
})

describe('verdictLines', () => {
  it('says why the gate could not decide, escaped', () => {
    const lines = verdictLines({ imageDigest: '', scanStatus: '', warnings: [], error: 'Bad <input> "x"\n# y' }, 2)
    expect(lines[0]).toBe('## ⚠️ ECR scan gate: could not decide')
    expect(lines).toContain('**The gate could not decide:** Bad &lt;input&gt; "x" &#35; y')
  })

  it('gives the count of blocking findings on a fail', () => {
    const report = makeReport([makeFinding(), makeFinding({ id: 'CVE-2' })])
    expect(verdictLines(report, 3).slice(0, 3)).toEqual(['### ❌ ECR scan gate: fail for sample-repo:v1.2.3', '', '**2 findings break the policy.**'])
  })

  it('writes every count of the totals line the same way, thousands grouped', () => {
    const findings = Array.from({ length: 1_200 }, (_, i) => makeFinding({ id: `CVE-2026-${i}`, inspectorStatus: i < 1_001 ? 'ACTIVE' : 'SUPPRESSED' }))
    const ignore = Array.from({ length: 1_000 }, (_, i) => ({ id: `CVE-2026-${i}`, reason: 'accepted', source: 'ignore input' }))
    const lines = verdictLines(makeReport(findings, makePolicy({ ignore })), 3)
    expect(lines).toContain('1,001 findings: 1 blocking, 1,000 ignored; 199 suppressed in Amazon Inspector (left out of these counts).')
  })
})

test('grouped writes counts with thousands separators exactly as en-US toLocaleString does', () => {
  fc.assert(
    fc.property(fc.oneof(fc.integer(), fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 1000)), (n) => {
      expect(grouped(n)).toBe(n.toLocaleString('en-US', { maximumFractionDigits: 3 }))
    })
  )
})

describe('isCanonicalHttpUrl (the shortcut past the URL parser)', () => {
  test('takes advisory links as ECR sends them, and nothing the parser would rewrite or refuse', () => {
    for (const link of [
      'https://security-tracker.debian.org/tracker/CVE-2024-1',
      'https://nvd.nist.gov/vuln/detail/CVE-2024-1',
      'https://alas.aws.amazon.com/AL2/ALAS-2024-1.html',
      'http://people.ubuntu.com/~ubuntu-security/cve/CVE-2024-1'
    ]) {
      expect(isCanonicalHttpUrl(link)).toBe(true)
    }
    for (const link of [
      'https://EXAMPLE.com/x', 'https://0x7f.1/', 'https://a.123/', 'https://xn--a.com/', 'https://a.com',
      'https://a.com:443/', 'https://a.com/./x', 'https://a.com/x/..', 'https://a.com/%2e%2e/', 'https://u@a.com/',
      'https://a.com/?q', 'https://a.com/#f', 'javascript://a.com/', ' https://a.com/', 'https://a..com/'
    ]) {
      expect(isCanonicalHttpUrl(link)).toBe(false)
    }
  })

  test('whatever it takes, the URL parser writes back unchanged as a plain http(s) URL', () => {
    const piece = fc.constantFrom(
      'a', 'z', 'q1', '0', '9', '-', '.', '/', '..', 'xn--', '0x', '7f', 'A', '%2e', '_', '~', ':', '@', '?', '#', 'com', '1'
    )
    const joined = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(''))
    const candidates = fc.oneof(fc.webUrl(), joined.map((rest) => `https://${rest}`), joined.map((rest) => `http://${rest}`))
    fc.assert(
      fc.property(candidates, (value) => {
        if (!isCanonicalHttpUrl(value)) return
        const url = new URL(value)
        expect(url.href).toBe(value)
        expect(['http:', 'https:']).toContain(url.protocol)
        expect(`${url.username}${url.password}${url.search}${url.hash}`).toBe('')
        expect(url.hostname).not.toBe('')
      }),
      { numRuns: 5000 }
    )
  })
})
