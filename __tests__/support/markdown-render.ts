// Renders Markdown the way a GFM renderer does (marked, GFM on) and reads back what a reader would see, so tests can
// prove that untrusted text renders as text and nothing else.
import { marked } from 'marked'

/** Markdown to HTML with GitHub-flavoured extensions (tables, autolinks, strikethrough). */
export function renderGfm(markdown: string): string {
  return marked.parse(markdown, { gfm: true, async: false }) as string
}

/** The text a browser shows for HTML text without tags: marked's escapes undone. */
export function htmlText(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&')
}

/** The inner HTML of every body cell, row by row, of every table in the HTML. */
export function tableCells(html: string): string[][] {
  const rows: string[][] = []
  for (const body of html.matchAll(/<tbody>([\s\S]*?)<\/tbody>/g)) {
    for (const row of (body[1] ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)) {
      rows.push([...(row[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => cell[1] ?? ''))
    }
  }
  return rows
}

/** Renders text placed in one table cell and returns that cell's inner HTML (undefined when the table broke). */
export function renderInCell(cellMarkdown: string): string | undefined {
  const rows = tableCells(renderGfm(`| a | b |\n| --- | --- |\n| ${cellMarkdown} | end |\n`))
  const row = rows[0]
  return rows.length === 1 && row?.length === 2 && row[1] === 'end' ? row[0] : undefined
}
