import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { repoRoot } from './support/run-action.js'

interface ActionSpec {
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
}

const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as ActionSpec
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')

// Rows of the first table under a heading: `| \`name\` | cell | cell |` → [name, cells...].
function tableUnder(heading: string): string[][] {
  const start = readme.indexOf(`\n${heading}\n`)
  expect(start).toBeGreaterThanOrEqual(0)
  const rows: string[][] = []
  for (const line of readme.slice(start + heading.length + 2).split('\n')) {
    if (line.startsWith('#')) break
    const match = /^\| `([^`]+)` \|(.*)\|$/.exec(line)
    if (match) rows.push([match[1] ?? '', ...(match[2] ?? '').split(' | ').map((cell) => cell.trim())])
  }
  return rows
}

test('the README input table lists every input of action.yml, in order, with its default and description', () => {
  const expected = Object.entries(action.inputs).map(([name, spec]) => [
    name,
    spec.default ? `\`${spec.default}\`` : '',
    spec.description
  ])
  expect(tableUnder('## Inputs')).toEqual(expected)
})

test('the README output table lists every output of action.yml, in order, with its description', () => {
  const expected = Object.entries(action.outputs).map(([name, spec]) => [name, spec.description])
  expect(tableUnder('## Outputs')).toEqual(expected)
})

test('every input and output is described in action.yml', () => {
  for (const spec of [...Object.values(action.inputs), ...Object.values(action.outputs)]) {
    expect(spec.description.length).toBeGreaterThan(10)
  }
})
