import type { Inputs } from './inputs.js'
import type { Policy } from './policy.js'
import type { GateReport } from './report.js'

/** The built-in policy: what applies when neither the workflow nor a policy file says otherwise. */
export const DEFAULT_POLICY: Omit<Policy, 'ignore'> = {
  severityThreshold: 'CRITICAL',
  onlyFixed: false,
  blockExploitable: false,
  minScore: undefined,
  max: {}
}

/** Resolves the effective policy: an input set in the workflow, then the policy file, then the default. */
export async function loadPolicy(inputs: Inputs, _report: GateReport): Promise<Policy> {
  return {
    ...DEFAULT_POLICY,
    severityThreshold: inputs.severityThreshold ?? DEFAULT_POLICY.severityThreshold,
    onlyFixed: inputs.onlyFixed ?? DEFAULT_POLICY.onlyFixed,
    ignore: inputs.ignore.map((id) => ({ id, reason: 'listed in the ignore input', source: 'ignore input' }))
  }
}
