import type { GateReport } from './report.js'

/** Placeholder until annotations land. */
export function writeAnnotations(_report: GateReport): void {}
