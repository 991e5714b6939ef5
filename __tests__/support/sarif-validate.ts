// Validates SARIF two ways, because neither is enough alone:
// - Microsoft's SARIF Multitool with the SARIF rules and GitHub's ingestion rules (`--rule-kind "Sarif;Gh"`), as the
//   issue asks. It exits 0 whatever it finds, so its findings are read from the SARIF log it writes (-o). It also
//   passes a file silently when a value breaks the schema's enums (a result with level "bogus" gets no finding at all).
// - ajv against the SARIF 2.1.0 schema shipped in the Multitool package, which catches exactly that.
// Worse, that silent failure ends the whole run: the files after it are never analysed and the run still "completes
// successfully". So only schema-valid files go to the Multitool, one thread works through them in order, and a canary
// file goes last: unless the canary's known finding comes back, the run stopped early and validation throws.
import { execFile } from 'node:child_process'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ErrorObject, ValidateFunction } from 'ajv'

const run = promisify(execFile)
const packageDir = fileURLToPath(new URL('../../node_modules/@microsoft/sarif-multitool-linux/', import.meta.url))
export const MULTITOOL = join(packageDir, 'Sarif.Multitool')
export const SARIF_SCHEMA_FILE = join(packageDir, 'sarif-2.1.0.json')

/** One finding of the Multitool about one of the files it validated. */
export interface SarifIssue {
  /** Absolute path of the validated file. */
  file: string
  ruleId: string
  level: 'error' | 'warning' | 'note' | 'none'
  message: string
}

interface MultitoolRule {
  id: string
  messageStrings?: Record<string, { text: string }>
  defaultConfiguration?: { level?: string }
}

interface MultitoolLog {
  runs: {
    tool: { driver: { rules?: MultitoolRule[] } }
    results?: {
      ruleId: string
      ruleIndex?: number
      level?: SarifIssue['level']
      message: { text?: string; id?: string; arguments?: string[] }
      locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[]
    }[]
    invocations?: {
      executionSuccessful?: boolean
      toolExecutionNotifications?: { message?: { text?: string } }[]
      toolConfigurationNotifications?: { message?: { text?: string } }[]
    }[]
  }[]
}

// SARIF2006 (UrisShouldBeReachable) sends an HTTP GET to every helpUri: 0.2 s per rule offline (a 600-finding file
// took two minutes) and real requests to NVD online. Tests stay off the network; every other rule runs.
const OFFLINE_CONFIG = `<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
`
// A valid log without $schema: GitHub's rule GH1013 reports it as an error, which proves the run reached the end.
const CANARY = JSON.stringify({
  version: '2.1.0',
  runs: [{ tool: { driver: { name: 'canary', informationUri: 'https://example.com/', semanticVersion: '1.0.0' } }, results: [] }]
})

/** The one notice every run carries: that SARIF2006 is off (see OFFLINE_CONFIG). */
export const DISABLED_RULE_NOTICE = /Rule 'SARIF2006' was explicitly disabled/

/**
 * Runs `Sarif.Multitool validate --rule-kind "Sarif;Gh"` once over the files. The list options (--rule-kind, --log)
 * take every following word until the next option, so each is followed by another option, never by a file name:
 * that is what "Option rule-kind is defined with a bad format" meant.
 */
export async function runMultitool(files: string[]): Promise<{ issues: SarifIssue[]; notifications: string[] }> {
  // npm's postinstall sets the run bit, but installs that skip scripts (npm ci --ignore-scripts) leave it off.
  await chmod(MULTITOOL, 0o755)
  const dir = await mkdtemp(join(tmpdir(), 'multitool-'))
  try {
    const output = join(dir, 'validation.sarif')
    const config = join(dir, 'config.xml')
    await writeFile(config, OFFLINE_CONFIG)
    const canary = join(dir, 'canary.sarif')
    await writeFile(canary, CANARY)
    // Files over 10,000 KB are skipped by default (warning WRN997): a full 25,000-result file is bigger than that.
    const args = [
      'validate',
      ...['--rule-kind', 'Sarif;Gh', '--threads', '1', '--max-file-size-in-kb', '1000000', '--log', 'ForceOverwrite'],
      ...['-c', config, '-o', output]
    ]
    await run(MULTITOOL, [...args, ...files, canary], {
      // Invariant globalization: .NET otherwise aborts on runners without libicu.
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 300_000
    })
    const log = JSON.parse(await readFile(output, 'utf8')) as MultitoolLog
    const issues: SarifIssue[] = []
    const notifications: string[] = []
    for (const r of log.runs) {
      const rules = r.tool.driver.rules ?? []
      for (const result of r.results ?? []) {
        const rule = rules[result.ruleIndex ?? -1] ?? rules.find((candidate) => candidate.id === result.ruleId)
        const template = result.message.text ?? rule?.messageStrings?.[result.message.id ?? '']?.text ?? result.message.id ?? ''
        const message = template.replace(/\{(\d+)\}/g, (_, i: string) => result.message.arguments?.[Number(i)] ?? '')
        const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? ''
        issues.push({
          file: uri.startsWith('file:') ? fileURLToPath(uri) : resolve(uri),
          ruleId: result.ruleId,
          level: result.level ?? (rule?.defaultConfiguration?.level as SarifIssue['level'] | undefined) ?? 'warning',
          message
        })
      }
      for (const invocation of r.invocations ?? []) {
        if (invocation.executionSuccessful === false) notifications.push('execution was not successful')
        for (const n of [...(invocation.toolExecutionNotifications ?? []), ...(invocation.toolConfigurationNotifications ?? [])]) {
          const text = n.message?.text ?? JSON.stringify(n)
          if (!DISABLED_RULE_NOTICE.test(text)) notifications.push(text)
        }
      }
    }
    if (!issues.some((issue) => issue.file === canary && issue.ruleId === 'GH1013')) {
      throw new Error('The SARIF Multitool stopped before the last file without saying so: some file broke it.')
    }
    return { issues: issues.filter((issue) => issue.file !== canary), notifications }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

let validator: ValidateFunction | undefined

async function schemaValidator(): Promise<ValidateFunction> {
  if (validator) return validator
  const schema = JSON.parse(await readFile(SARIF_SCHEMA_FILE, 'utf8')) as object
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  // No ajv-formats here: these follow RFC 3986 closely enough for what we emit (no spaces, valid escapes).
  const uriChars = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/
  ajv.addFormat('uri', (value: string) => uriChars.test(value) && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value))
  ajv.addFormat('uri-reference', (value: string) => uriChars.test(value))
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)))
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  validator = ajv.compile(schema)
  return validator
}

/** Errors of the SARIF 2.1.0 JSON schema for a parsed log, as `path: message`; empty when valid. */
export async function schemaErrors(log: unknown): Promise<string[]> {
  const validate = await schemaValidator()
  if (validate(log)) return []
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`)
}

/** What each validator said about one SARIF text. */
export interface SarifValidation {
  multitool: SarifIssue[]
  schema: string[]
}

/** Validates each named SARIF text with ajv and the schema-valid ones, in one Multitool run, with the Sarif and Gh rules. */
export async function validateSarif(texts: Record<string, string>): Promise<{
  byName: Record<string, SarifValidation>
  notifications: string[]
}> {
  const dir = await mkdtemp(join(tmpdir(), 'sarif-'))
  try {
    const files: Record<string, string> = {}
    for (const [name, text] of Object.entries(texts)) {
      const file = join(dir, `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.sarif`)
      await writeFile(file, text)
      files[name] = file
    }
    const schemas: Record<string, string[]> = {}
    for (const name of Object.keys(files)) {
      try {
        schemas[name] = await schemaErrors(JSON.parse(texts[name] ?? ''))
      } catch (error) {
        schemas[name] = [`not JSON: ${String(error)}`]
      }
    }
    // A schema-invalid file would silently end the Multitool's run (see above): the schema errors speak for it.
    const valid = Object.keys(files).filter((name) => schemas[name]?.length === 0)
    const { issues, notifications } = await runMultitool(valid.map((name) => files[name] as string))
    const byName: Record<string, SarifValidation> = {}
    for (const [name, file] of Object.entries(files)) {
      byName[name] = { multitool: issues.filter((issue) => issue.file === file), schema: schemas[name] ?? [] }
    }
    return { byName, notifications }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** One line per issue, for readable test failures. */
export function describeIssues(issues: readonly SarifIssue[]): string[] {
  return issues.map((issue) => `${issue.level} ${issue.ruleId}: ${issue.message}`)
}
