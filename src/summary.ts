import * as core from '@actions/core'
import { type GateReport, outcome } from './report.js'

/** Writes the job summary; never throws, since it runs in the finally of a failing gate too. */
export async function writeSummary(report: GateReport): Promise<void> {
  try {
    await core.summary.addHeading(`ECR scan gate: ${outcome(report)}`, 2).write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`)
  }
}
