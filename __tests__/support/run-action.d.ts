import type { ChildProcess } from 'node:child_process'

export const repoRoot: string
export const bundlePath: string
/** The chunks ncc writes beside a bundle's index.js (`<id>.index.js`). */
export function bundleChunks(bundle?: string): string[]

export interface ActionRun {
  code: number
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  workdir: string
  ms: number
}

export interface RunOptions {
  cwd?: string
  /** False: no .git directory in the working directory, as in a job without actions/checkout. */
  checkout?: boolean
  env?: Record<string, string | undefined>
  nodeArgs?: string[]
  /** Another copy of the bundle to run instead of dist/index.js. */
  bundle?: string
  timeoutMs?: number
  onSpawn?: (child: ChildProcess) => void
}

/** The inputs action.yml declares, with their defaults. */
export function actionDefaults(): Record<string, string>
/** Parses a GITHUB_OUTPUT file. */
export function parseOutputs(text: string): Record<string, string>
/** Runs dist/index.js as the GitHub runner does. */
export function runAction(withInputs?: Record<string, string>, options?: RunOptions): Promise<ActionRun>
