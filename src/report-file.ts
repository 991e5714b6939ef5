import type { GateReport } from './report.js'

/** Placeholder until the JSON report lands. */
export async function writeReportFile(_report: GateReport): Promise<string | undefined> {
  return undefined
}
