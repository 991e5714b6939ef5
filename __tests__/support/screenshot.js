// Documentation tool, not part of the tests or CI: renders a job summary (Markdown) the way GitHub shows it on the run
// page and screenshots it with headless Chromium, for the README picture.
//   node __tests__/support/screenshot.js <summary.md> <out.png> [--width 1000] [--max-height 2400] [--title TEXT]
//   node __tests__/support/screenshot.js --demo .github/summary.png   (the README picture: runs dist/index.js first)
// Needs Debian's chromium (apt-get install -y chromium) and, for the verdict emoji, fonts-noto-color-emoji.
import { execFile } from 'node:child_process'
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { marked } from 'marked'

// GitHub's HTML sanitiser allow-list (html-pipeline's SanitizationFilter, which job summaries go through too): every
// other element is dropped with its text kept, every other attribute is dropped.
const ALLOWED_ELEMENTS = new Set(
  ('h1 h2 h3 h4 h5 h6 h7 h8 br b i strong em a pre code img tt div ins del sup sub p picture ol ul table thead tbody ' +
    'tfoot blockquote dl dt dd kbd q samp var hr ruby rt rp li tr td th s strike summary details caption figure ' +
    'figcaption abbr bdo cite dfn mark small source span time wbr input').split(' ')
)
const ALLOWED_ATTRIBUTES = new Set(
  ('abbr accept accept-charset accesskey action align alt aria-describedby aria-hidden aria-label aria-labelledby ' +
    'axis border cellpadding cellspacing char charoff charset checked clear cols colspan color compact coords ' +
    'datetime dir disabled enctype for frame headers height hreflang hspace ismap label lang maxlength media method ' +
    'multiple name nohref noshade nowrap open progress prompt readonly rel rev role rows rowspan rules scope ' +
    'selected shape size span start summary tabindex target title type usemap valign value width itemprop').split(' ')
)
const ELEMENT_ATTRIBUTES = {
  a: ['href'],
  img: ['src', 'longdesc'],
  div: ['itemscope', 'itemtype'],
  blockquote: ['cite'],
  del: ['cite'],
  ins: ['cite'],
  q: ['cite']
}
const URL_PROTOCOLS = {
  href: ['http', 'https', 'mailto'],
  src: ['http', 'https'],
  longdesc: ['http', 'https'],
  cite: ['http', 'https']
}
// Elements whose content goes with them: text inside a script or style is never shown.
const REMOVE_WITH_CONTENT = new Set(
  'script style iframe noembed noframes noscript plaintext xmp template title textarea select'.split(' ')
)

const TAG = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g

function codePoint(n) {
  return n <= 0x10ffff ? String.fromCodePoint(n) : '\ufffd'
}

function decodeForCheck(value) {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex) => codePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec) => codePoint(Number(dec)))
    .replace(/&colon;/gi, ':')
    // Browsers ignore whitespace and control characters inside a scheme (`java\tscript:`), so the check must too.
    .replace(/[^\x21-\x7e\u00a0-\uffff]/g, '')
}

function allowedUrl(name, value) {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(decodeForCheck(value))
  return !scheme || URL_PROTOCOLS[name].includes(scheme[1].toLowerCase())
}

function sanitizeAttributes(tag, text) {
  const kept = []
  for (const [, rawName, dq, sq, bare] of text.matchAll(ATTRIBUTE)) {
    const name = rawName.toLowerCase()
    const value = dq ?? sq ?? bare ?? ''
    if (!ALLOWED_ATTRIBUTES.has(name) && !ELEMENT_ATTRIBUTES[tag]?.includes(name)) continue
    if (URL_PROTOCOLS[name] && !allowedUrl(name, value)) continue
    if (tag === 'input' && name === 'type' && value.toLowerCase() !== 'checkbox') return undefined
    kept.push(` ${name}="${value.replace(/"/g, '&quot;')}"`)
  }
  return kept.join('')
}

/** HTML with what GitHub's sanitiser strips removed: unknown elements, scripts and styles, event handlers, bad URLs. */
export function sanitizeLikeGitHub(html) {
  let out = ''
  let last = 0
  TAG.lastIndex = 0
  for (let match = TAG.exec(html); match; match = TAG.exec(html)) {
    out += html.slice(last, match.index)
    last = TAG.lastIndex
    const [whole, closing, rawTag, attributes = ''] = match
    if (whole.startsWith('<!--')) continue
    const tag = rawTag.toLowerCase()
    if (!closing && REMOVE_WITH_CONTENT.has(tag)) {
      const end = new RegExp(`</${tag}\\s*>`, 'ig')
      end.lastIndex = last
      last = end.exec(html) ? end.lastIndex : html.length
      TAG.lastIndex = last
      continue
    }
    if (!ALLOWED_ELEMENTS.has(tag)) continue
    if (closing) {
      out += `</${tag}>`
      continue
    }
    const kept = sanitizeAttributes(tag, attributes)
    if (kept === undefined) continue
    out += `<${tag}${kept}${/\/\s*$/.test(attributes) ? ' /' : ''}>`
  }
  return out + html.slice(last)
}

/** Markdown to sanitised HTML as GitHub renders a job summary (GFM: tables, autolinks, strikethrough, task lists). */
export function renderSummaryHtml(markdown) {
  return sanitizeLikeGitHub(marked.parse(markdown, { gfm: true, breaks: false, async: false }))
}

// A compact imitation of GitHub's light markdown-body (github-markdown-css, Primer colours) inside the job summary
// card of the run page; the card fills the image, as wide as the summary area of a run page on a ~1300 px screen.
const CSS = `
* { box-sizing: border-box; }
html, body { margin: 0; background: #fff; }
.card { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; }
.card-header { padding: 16px 24px 0; font: 600 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans",
  Helvetica, Arial, sans-serif; color: #1f2328; }
.markdown-body { padding: 16px 24px 24px; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans",
  Helvetica, Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji"; font-size: 16px;
  line-height: 1.5; color: #1f2328; word-wrap: break-word; }
.markdown-body > *:first-child { margin-top: 0 !important; }
.markdown-body > *:last-child { margin-bottom: 0 !important; }
.markdown-body a { color: #0969da; text-decoration: none; }
.markdown-body strong, .markdown-body b { font-weight: 600; }
.markdown-body h1, .markdown-body h2, .markdown-body h3, .markdown-body h4 { margin: 24px 0 16px; font-weight: 600;
  line-height: 1.25; }
.markdown-body h1 { font-size: 2em; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; }
.markdown-body h2 { font-size: 1.5em; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; }
.markdown-body h3 { font-size: 1.25em; }
.markdown-body h4 { font-size: 1em; }
.markdown-body p, .markdown-body blockquote, .markdown-body ul, .markdown-body ol, .markdown-body dl,
.markdown-body table, .markdown-body pre, .markdown-body details { margin-top: 0; margin-bottom: 16px; }
.markdown-body ul, .markdown-body ol { padding-left: 2em; }
.markdown-body li + li { margin-top: .25em; }
.markdown-body blockquote { padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
.markdown-body hr { height: .25em; margin: 24px 0; padding: 0; background: #d1d9e0; border: 0; }
.markdown-body code, .markdown-body tt, .markdown-body pre { font-family: ui-monospace, SFMono-Regular, "SF Mono",
  Menlo, Consolas, "Liberation Mono", monospace; font-size: 85%; }
.markdown-body code, .markdown-body tt { padding: .2em .4em; margin: 0; background: #818b981f; border-radius: 6px; }
.markdown-body pre { padding: 16px; overflow: auto; line-height: 1.45; background: #f6f8fa; border-radius: 6px; }
.markdown-body pre code { padding: 0; background: transparent; font-size: 100%; }
.markdown-body table { display: block; width: max-content; max-width: 100%; overflow: auto; border-spacing: 0;
  border-collapse: collapse; font-variant: tabular-nums; }
.markdown-body table th { font-weight: 600; }
.markdown-body table th, .markdown-body table td { padding: 6px 13px; border: 1px solid #d1d9e0; }
.markdown-body table td > :last-child { margin-bottom: 0; }
.markdown-body table tr { background-color: #fff; border-top: 1px solid #d1d9e0b3; }
.markdown-body table tr:nth-child(2n) { background-color: #f6f8fa; }
.markdown-body details summary { cursor: pointer; display: list-item; }
.markdown-body details:not([open]) > *:not(summary) { display: none; }
.markdown-body img { max-width: 100%; box-sizing: content-box; }
.markdown-body input[type=checkbox] { margin: 0 .2em .25em -1.4em; vertical-align: middle; }
.fade { display: none; }
.cropped .fade { display: block; position: fixed; left: 0; right: 0; bottom: 0; height: 72px;
  background: linear-gradient(#ffffff00, #fff); }
`

// Our own script (the summary's never runs: the sanitiser removed it): reports the page height, where the rows and
// blocks end (so a crop can fall between them) and tables wider than the card, through attributes --dump-dom shows.
const MEASURE = `
(() => {
  const body = document.body
  if (location.hash === '#cropped') body.classList.add('cropped')
  const bottom = (e) => Math.ceil(e.getBoundingClientRect().bottom + window.scrollY)
  const cuts = [...document.querySelectorAll('.markdown-body > *, .markdown-body tr')].map(bottom)
  const wide = [...document.querySelectorAll('.markdown-body table')].filter((t) => t.scrollWidth > t.clientWidth + 1)
  body.dataset.height = String(Math.ceil(document.documentElement.scrollHeight))
  body.dataset.cuts = cuts.join(',')
  body.dataset.wideTables = String(wide.length)
})()
`

/** The full page: the summary's sanitised HTML in a card, our stylesheet and measuring script. */
export function summaryPage(markdown, title) {
  const escapedTitle = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapedTitle}</title><style>${CSS}</style></head>
<body><div class="card"><div class="card-header">${escapedTitle}</div>
<article class="markdown-body">
${renderSummaryHtml(markdown)}
</article></div><div class="fade"></div><script>${MEASURE}</script></body></html>
`
}

/** The Chromium binary: $CHROMIUM, else the first of the usual names on PATH; undefined when there is none. */
export function findChromium() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    for (const dir of (process.env.PATH ?? '').split(delimiter)) {
      try {
        accessSync(join(dir, name), constants.X_OK)
        return join(dir, name)
      } catch {
        // not in this directory
      }
    }
  }
  return undefined
}

function runChromium(chromium, args, profileDir) {
  const flags = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--force-device-scale-factor=1',
    '--hide-scrollbars',
    `--user-data-dir=${profileDir}`,
    ...args
  ]
  return new Promise((resolvePromise, reject) => {
    execFile(chromium, flags, { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${chromium} failed: ${error.message}\n${stderr}`))
      else resolvePromise(stdout)
    })
  })
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path) {
  const header = readFileSync(path).subarray(0, 24)
  return { width: header.readUInt32BE(16), height: header.readUInt32BE(20) }
}

/** The crop height: the whole page when it fits, else the last row or block ending before maxHeight. */
export function cropHeight(height, cuts, maxHeight) {
  if (height <= maxHeight) return { height, cropped: false }
  const fitting = cuts.filter((cut) => cut <= maxHeight - 8 && cut > maxHeight / 2)
  return { height: fitting.length > 0 ? Math.max(...fitting) + 8 : maxHeight, cropped: true }
}

// The README picture: demo.js's demo/web image, with the default threshold and a policy file whose ignore rules carry
// reasons, so every section of the summary shows in one screen. Dates are pinned so the picture only changes when the
// summary does.
const DEMO_POLICY = `ignore:
  - id: CVE-2021-8949
    package: openssl
    reason: No fixed openssl in bookworm yet; TLS ends at the load balancer
  - id: CVE-2022-8955
    package: perl
    reason: perl only runs in the build stage, never at runtime
`

/** Runs the bundled gate against a loopback ECR holding the demo image and returns the job summary it wrote. */
async function demoSummary() {
  // Imported here so rendering a Markdown file needs neither the bundle nor the fake registry.
  const { makeEnhancedFindings, startEcrServer } = await import('./ecr-server.js')
  const { bundlePath, runAction } = await import('./run-action.js')
  try {
    accessSync(bundlePath, constants.R_OK)
  } catch {
    throw new Error('dist/index.js is missing: run npm run bundle first')
  }
  const digest = `sha256:${'5e'.repeat(32)}`
  const server = await startEcrServer()
  const workdir = mkdtempSync(join(tmpdir(), 'summary-demo-'))
  try {
    server.addRepository('demo/web')
    server.setImage({
      repositoryName: 'demo/web',
      imageTag: '1.4.2',
      imageDigest: digest,
      scan: {
        status: 'ACTIVE',
        enhancedFindings: makeEnhancedFindings(240, {
          imageDigest: digest,
          repositoryName: 'demo/web',
          imageTags: ['1.4.2']
        }),
        imageScanCompletedAt: '2025-06-02T09:41:07Z',
        vulnerabilitySourceUpdatedAt: '2025-06-02T08:00:00Z'
      }
    })
    mkdirSync(join(workdir, '.github'))
    writeFileSync(join(workdir, '.github', 'ecr-scan-gate.yml'), DEMO_POLICY)
    const run = await runAction(
      { image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/demo/web:1.4.2' },
      { cwd: workdir, env: { AWS_ENDPOINT_URL_ECR: server.url, AWS_REGION: 'us-east-1' } }
    )
    if (!run.summary) throw new Error(`the gate wrote no job summary (exit code ${run.code}):\n${run.stderr}`)
    return run.summary
  } finally {
    await server.close()
    rmSync(workdir, { recursive: true, force: true })
  }
}

function option(args, name, fallback) {
  const index = args.indexOf(name)
  if (index < 0) return fallback
  const value = args[index + 1]
  args.splice(index, 2)
  return value
}

/** Renders <summary.md> to <out.png>. */
export async function main(argv) {
  const args = [...argv]
  const width = Number(option(args, '--width', '1000'))
  const maxHeight = Number(option(args, '--max-height', '2400'))
  // GitHub titles the card '<job id> summary'; the README's example workflow names its job `image`.
  const title = option(args, '--title', 'image summary')
  const [input, output] = args
  if (!input || !output || !(width > 0) || !(maxHeight > 0)) {
    process.stderr.write(
      'usage: node __tests__/support/screenshot.js <summary.md | --demo> <out.png> ' +
        '[--width 1000] [--max-height 2400] [--title TEXT]\n'
    )
    return 2
  }
  const chromium = findChromium()
  if (!chromium) {
    process.stderr.write(
      'screenshot.js needs headless Chromium and found none on PATH.\n' +
        'On Debian or Ubuntu: apt-get update && apt-get install -y chromium fonts-noto-color-emoji\n' +
        'Or point CHROMIUM at a Chromium or Chrome binary.\n'
    )
    return 3
  }
  const workdir = mkdtempSync(join(tmpdir(), 'summary-shot-'))
  try {
    const page = join(workdir, 'summary.html')
    const markdown = input === '--demo' ? await demoSummary() : readFileSync(input, 'utf8')
    writeFileSync(page, summaryPage(markdown, title))
    const url = pathToFileURL(page).href
    const dom = await runChromium(chromium, [`--window-size=${width},800`, '--dump-dom', url], join(workdir, 'measure'))
    const body = /<body([^>]*)>/.exec(dom)?.[1] ?? ''
    const attribute = (name) => new RegExp(`data-${name}="([^"]*)"`).exec(body)?.[1]
    const fullHeight = Number(attribute('height'))
    if (!(fullHeight > 0)) throw new Error('could not measure the rendered page (no data-height in the dumped DOM)')
    const cuts = (attribute('cuts') ?? '').split(',').filter(Boolean).map(Number)
    const crop = cropHeight(fullHeight, cuts, maxHeight)
    const out = resolve(output)
    await runChromium(
      chromium,
      [`--window-size=${width},${crop.height}`, `--screenshot=${out}`, crop.cropped ? `${url}#cropped` : url],
      join(workdir, 'shoot')
    )
    const size = pngSize(out)
    process.stdout.write(
      `${output}: ${size.width}x${size.height} px` +
        (crop.cropped ? `, cropped from ${fullHeight} px (raise --max-height to keep more)` : '') +
        '\n'
    )
    if (Number(attribute('wide-tables')) > 0) {
      process.stdout.write(`warning: ${attribute('wide-tables')} table(s) wider than the page: columns are cut off\n`)
    }
    return 0
  } finally {
    rmSync(workdir, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`${error.stack ?? error}\n`)
      process.exit(1)
    }
  )
}
