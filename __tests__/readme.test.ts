import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { TOOL_VERSION } from '../src/sarif.js'
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

test('action.yml passes the Marketplace: a description under 125 characters, defaults written as strings', () => {
  const metadata = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as { description: string } & ActionSpec
  expect(metadata.description.length).toBeLessThan(125)
  // YAML reads `default: 600` as a number, which the runner's schema refuses: defaults are quoted strings.
  for (const spec of Object.values(metadata.inputs)) {
    if (spec.default !== undefined) expect(typeof spec.default).toBe('string')
  }
})

test('the SARIF file and the JSON report name the version package.json releases', () => {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }
  expect(TOOL_VERSION).toBe(version)
})
