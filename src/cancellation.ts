import * as core from '@actions/core'
import type { GateReport } from './report.js'

/** A run's cancellation: its signal, and stop() to end listening once the run is over. */
export interface Cancellation {
  signal: AbortSignal
  stop(): void
}

/**
 * Listens for SIGINT and SIGTERM (a cancelled workflow) for the rest of the run. The first one records why the gate did
 * not decide, unless a verdict or an error is already in the report, aborts what is on its way (a comment waiting on
 * GitHub), writes the reports through `finish` and exits non-zero.
 */
export function listenForCancellation(report: GateReport, finish: () => Promise<void>): Cancellation {
  const controller = new AbortController()
  const cancel = (signal: NodeJS.Signals): void => {
    // The runner sends SIGINT, then SIGTERM if the step is still there: the first one says it all.
    if (controller.signal.aborted) return
    if (report.verdict) {
      // The verdict stands in the reports; only their writing was cut short.
      core.setFailed(`ecr-scan-gate was cancelled (${signal}) while writing its reports.`)
    } else if (!report.error) {
      report.error = `the run was cancelled (${signal}) before the verdict, so the gate did not decide.`
      core.setFailed(`ecr-scan-gate did not decide: ${report.error}`)
    }
    // Else an error was already reported (bad inputs, met before a signal held while the gate loaded came through),
    // and it says more than the cancellation would.
    controller.abort()
    void finish().finally(() => process.exit(1))
  }
  // Kept until the run ends, so every signal of the run comes through cancel(), where the first one decides.
  process.on('SIGINT', cancel).on('SIGTERM', cancel)
  return {
    signal: controller.signal,
    stop: () => void process.off('SIGINT', cancel).off('SIGTERM', cancel)
  }
}
