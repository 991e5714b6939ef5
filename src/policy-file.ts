import * as core from '@actions/core'
import { lstat, stat } from 'node:fs/promises'
import path from 'node:path'
import { ConfigurationError } from './errors.js'
import { listed, oneLine } from './log-safety.js'
import type { Inputs } from './inputs.js'
import { type IgnoreRule, type Policy, type Verdict, isRuleActive } from './policy.js'
import type { GateReport } from './report.js'
import type { PolicySettings } from './policy-file-parser.js'
import { readUserFile } from './user-file.js'
import type { VexRules } from './vex.js'

/** The built-in policy: what applies when neither the workflow nor a policy file says otherwise. */
export const DEFAULT_POLICY: Omit<Policy, 'ignore'> = {
  severityThreshold: 'CRITICAL',
  onlyFixed: false,
  blockExploitable: false,
  minScore: undefined,
  max: {}
}

// Parsed YAML takes some twenty times its size: a 220 MB file ran the gate out of memory with no summary written.
const MAX_POLICY_FILE_BYTES = 16 << 20

/** Where the policy file is looked for when the policy-file input is empty (relative to the workspace). */
const DEFAULT_POLICY_FILE = '.github/ecr-scan-gate.yml'


async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false
  )
}

// Something at the default path that is not a readable file (a directory, a link to a file the checkout lacks) is a
// policy the team meant to apply: going on with the built-in default would quietly loosen the gate.
async function checkDefaultPath(absolute: string): Promise<boolean> {
  const entry = await lstat(absolute).catch(() => undefined)
  if (!entry) return false
  const target = await stat(absolute).catch(() => undefined)
  if (target?.isFile()) return true
  const what = entry.isSymbolicLink() && !target ? 'a link to a file that does not exist' : 'not a file'
  throw new ConfigurationError(
    `The policy file ${DEFAULT_POLICY_FILE} is ${what} (looked at ${absolute}). Make it a file, or remove it to use the built-in policy.`
  )
}

function labelFor(workspace: string, given: string, absolute: string): string {
  const relative = path.relative(workspace, absolute)
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
  return inside ? relative.split(path.sep).join('/') : given
}

/** Finds the policy file: the input when given (it must exist), else the default path when it exists. */
async function findPolicyFile(
  given: string,
  workspace: string,
  report: GateReport
): Promise<{ path: string; label: string } | undefined> {
  if (given.trim() !== '') {
    const absolute = path.resolve(workspace, given.trim())
    try {
      const s = await stat(absolute)
      if (!s.isFile()) throw new ConfigurationError(`Input policy-file "${given}" is not a file (looked at ${absolute}).`)
    } catch (error) {
      if (error instanceof ConfigurationError) throw error
      throw new ConfigurationError(
        `Input policy-file "${given}" does not exist (looked at ${absolute}). Give a path relative to the repository root, or leave it empty to use ${DEFAULT_POLICY_FILE} when present.`
      )
    }
    return { path: absolute, label: labelFor(workspace, given.trim(), absolute) }
  }
  const absolute = path.resolve(workspace, DEFAULT_POLICY_FILE)
  if (await checkDefaultPath(absolute)) return { path: absolute, label: DEFAULT_POLICY_FILE }
  const yaml = DEFAULT_POLICY_FILE.replace(/\.yml$/, '.yaml')
  if (await isFile(path.resolve(workspace, yaml))) {
    report.warnings.push(
      `${yaml} exists but is not read: the default policy file is ${DEFAULT_POLICY_FILE}. Rename it, or set policy-file: ${yaml}.`
    )
  } else if (!(await lstat(path.resolve(workspace, '.git')).catch(() => undefined))) {
    // A team's policy file stricter than the built-in one would otherwise go unapplied without a word.
    report.warnings.push(
      `No checkout at the workspace root, so ${DEFAULT_POLICY_FILE} could not be looked for: the built-in policy applies. ` +
        `Run actions/checkout before this step if the repository has a policy file (checked out with path:, set policy-file to PATH/${DEFAULT_POLICY_FILE}).`
    )
  }
  return undefined
}

// Ids come uncut from the files (a longer one matches only as long an id); a warning names ten rules at most, each short.
function ruleName(rule: IgnoreRule): string {
  const id = oneLine(rule.id, 100)
  return rule.package ? `${id} (package ${rule.package})` : id
}

function bySource(rules: readonly IgnoreRule[]): Map<string, IgnoreRule[]> {
  const groups = new Map<string, IgnoreRule[]>()
  for (const rule of rules) {
    const group = groups.get(rule.source)
    if (group) group.push(rule)
    else groups.set(rule.source, [rule])
  }
  return groups
}

// A warning is one annotation line: thousands of expired rules made one of 1.6 million characters.
const RULES_LISTED = 10

/** One warning per source naming the rules (the first ten) whose expiry day (UTC) has passed, with their dates. */
export function expiredRuleWarnings(rules: readonly IgnoreRule[], now: Date): string[] {
  const expired = rules.filter((rule) => !isRuleActive(rule, now))
  return [...bySource(expired)].map(([source, group]) => {
    const list = listed(group.map((rule) => `${ruleName(rule)} expired on ${rule.expires}`), RULES_LISTED, 0, '; ')
    return group.length === 1
      ? `An ignore rule (${source}) has expired and no longer applies: ${list}. Fix the finding, or renew the rule with a new date.`
      : `${group.length} ignore rules (${source}) have expired and no longer apply: ${list}. Fix the findings, or renew the rules with new dates.`
  })
}

/**
 * Warnings for the rules that matched no finding (stale), one per source. Call after decide(); expired rules are
 * warned about by loadPolicy, which runs first so that they are reported even when the scan never completes.
 */
export function ruleWarnings(verdict: Pick<Verdict, 'staleRules'>): string[] {
  return [...bySource(verdict.staleRules)].map(([source, group]) => {
    const names = listed(group.map(ruleName), RULES_LISTED)
    const where = group.length > RULES_LISTED ? ' (see the job summary)' : ''
    const noun = group.length === 1 ? 'ignore rule' : 'ignore rules'
    return `${group.length} ${noun} (${source}) matched no finding and may be stale: ${names}${where}. Remove what is no longer needed.`
  })
}

function describePolicy(policy: Policy, from: Record<string, string>): string {
  const budgets = Object.entries(policy.max).map(([severity, budget]) => `${severity} ${budget}`)
  const count = (prefix: string): number => policy.ignore.filter((rule) => rule.source.startsWith(prefix)).length
  return [
    `severity-threshold ${policy.severityThreshold} (${from.severityThreshold})`,
    `only-fixed ${policy.onlyFixed} (${from.onlyFixed})`,
    `block-exploitable ${policy.blockExploitable} (${from.blockExploitable})`,
    `min-score ${policy.minScore ?? 'none'} (${from.minScore})`,
    `budgets ${budgets.length > 0 ? budgets.join(', ') : 'none'}`,
    `ignore rules: ${count('policy file')} from the policy file, ${count('ignore input')} from the ignore input, ${count('VEX')} from VEX`
  ].join('; ')
}

export interface LoadPolicyOptions {
  /** The run's time, for expiry warnings. */
  now?: Date
  /** Where relative paths resolve: GITHUB_WORKSPACE, else the working directory. */
  workspace?: string
}

/** Resolves the effective policy: an input set in the workflow, then the policy file, then the default. */
export async function loadPolicy(inputs: Inputs, report: GateReport, options: LoadPolicyOptions = {}): Promise<Policy> {
  const now = options.now ?? new Date()
  const workspace = options.workspace ?? (process.env.GITHUB_WORKSPACE || process.cwd())
  const file = await findPolicyFile(inputs.policyFile, workspace, report)
  // The parsers load only for runs that have a file: YAML and the schemas are chunks of their own, which every other
  // run would spend ~30 ms compiling and evaluating at start-up.
  let settings: PolicySettings = { ignore: [] }
  if (file) {
    // Found a moment ago, the file can still be unreadable (permissions) or gone: the user's to fix, so no stack.
    const text = await readUserFile(file.path, `The policy file ${file.label}`, {
      maxBytes: MAX_POLICY_FILE_BYTES,
      kind: 'a policy file',
      advice: 'Put long lists of exceptions in VEX documents (vex-file).'
    }, workspace)
    const { parsePolicyFile } = await import('./policy-file-parser.js')
    settings = parsePolicyFile(text, file.label)
  }

  const vexFiles = [...new Set(inputs.vexFiles)].map((given) => {
    const absolute = path.resolve(workspace, given)
    return { path: absolute, label: labelFor(workspace, given, absolute) }
  })
  let vex: VexRules = { rules: [], affected: [], warnings: [] }
  if (vexFiles.length > 0) {
    const { loadVexRules } = await import('./vex.js')
    vex = await loadVexRules(vexFiles, workspace)
  }
  report.warnings.push(...vex.warnings)

  const fromFile = file ? `policy file ${file.label}` : 'default'
  const pick = <T>(input: T | undefined, fromPolicy: T | undefined, fallback: T): [T, string] =>
    input !== undefined ? [input, 'input'] : fromPolicy !== undefined ? [fromPolicy, fromFile] : [fallback, 'default']
  const [severityThreshold, thresholdFrom] = pick(
    inputs.severityThreshold,
    settings.severityThreshold,
    DEFAULT_POLICY.severityThreshold
  )
  const [onlyFixed, onlyFixedFrom] = pick(inputs.onlyFixed, settings.onlyFixed, DEFAULT_POLICY.onlyFixed)
  const [blockExploitable, exploitFrom] = pick(undefined, settings.blockExploitable, DEFAULT_POLICY.blockExploitable)
  const [minScore, minScoreFrom] = pick(undefined, settings.minScore, DEFAULT_POLICY.minScore)

  const policy: Policy = {
    severityThreshold,
    onlyFixed,
    blockExploitable,
    minScore,
    max: { ...(settings.max ?? DEFAULT_POLICY.max) },
    // File rules come first: they carry reasons and package scopes, so a finding they cover is credited to them.
    ignore: [
      ...settings.ignore,
      ...inputs.ignore.map((id) => ({ id, reason: 'accepted in the workflow', source: 'ignore input' })),
      ...vex.rules
    ],
    ...(vex.affected.length > 0 ? { vexAffected: vex.affected } : {})
  }
  report.warnings.push(...expiredRuleWarnings(policy.ignore, now))
  core.info(
    `Policy: ${describePolicy(policy, {
      severityThreshold: thresholdFrom,
      onlyFixed: onlyFixedFrom,
      blockExploitable: exploitFrom,
      minScore: minScoreFrom
    })}.`
  )
  return policy
}
