import { lstat, mkdir, realpath, unlink } from 'node:fs/promises'
import path from 'node:path'

/** The checkout the workflow runs in: GITHUB_WORKSPACE, else the working directory. */
export function checkoutRoot(): string {
  return process.env.GITHUB_WORKSPACE || process.cwd()
}

/** The path relative to root when it lies inside it, else undefined. */
function inside(root: string, target: string): string | undefined {
  const relative = path.relative(root, target)
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative) ? undefined : relative
}

function inGitDirectory(relative: string): boolean {
  return relative.split(path.sep).includes('.git')
}

/**
 * Why a path in the checkout must not be read or written through: a symbolic link takes it out of the checkout, or it
 * lies in a .git directory, where actions/checkout leaves the token. A pull request controls every file of the
 * checkout, links included, so a committed link must not make the gate quote or overwrite a file elsewhere. A path the
 * workflow names outside the checkout (the runner's temp directory, /dev/stdout) is the workflow's choice and is left
 * alone. Throws what realpath throws for a path that does not exist.
 */
export async function checkoutPathProblem(file: string, root = checkoutRoot()): Promise<string | undefined> {
  const absolute = path.resolve(root, file)
  const realRoot = await realpath(root)
  const given = inCheckout(absolute, root, realRoot)
  if (given === undefined) return undefined
  if (inGitDirectory(given)) return 'it lies in a .git directory, which holds the checkout\'s credentials'
  const real = inside(realRoot, await realpath(absolute))
  if (real === undefined) return 'a symbolic link takes it out of the checkout'
  if (inGitDirectory(real)) return 'a symbolic link takes it into a .git directory, which holds the checkout\'s credentials'
  return undefined
}

/**
 * The path relative to the checkout when it lies inside it, as named (root) or as the working directory resolves it
 * (the real path, when the workspace is itself a symbolic link, as on some runners).
 */
function inCheckout(absolute: string, root: string, realRoot: string): string | undefined {
  return inside(path.resolve(root), absolute) ?? inside(realRoot, absolute)
}

/**
 * Makes the place for a report file (a path as the writers open it, from the working directory): its directory, created
 * when missing, must not lead out of the checkout, and is checked before anything is created in it; a symbolic link at
 * the file's own path is removed, so the report is written in its place and never through it.
 */
export async function prepareReportPath(file: string, root = checkoutRoot()): Promise<void> {
  const absolute = path.resolve(file)
  const directory = path.dirname(absolute)
  const refuse = (problem: string): Error =>
    new Error(`${problem}; write reports inside the checkout or to a path outside it that no link leads to`)
  // mkdir -p would follow a committed link out of the checkout and create directories there before any check.
  let existing = directory
  while (!(await lstat(existing).then(() => true, () => false)) && path.dirname(existing) !== existing) existing = path.dirname(existing)
  const before = await checkoutPathProblem(existing, root)
  if (before) throw refuse(before)
  await mkdir(directory, { recursive: true })
  // What mkdir created is checked too; a directory that was already there was checked above.
  const problem = existing === directory ? undefined : await checkoutPathProblem(directory, root)
  if (problem) throw refuse(problem)
  const relative = inCheckout(absolute, root, await realpath(root))
  // Only a link strictly inside the checkout: the checkout itself may be one.
  if (!relative) return
  const entry = await lstat(absolute).catch(() => undefined)
  if (entry?.isSymbolicLink()) await unlink(absolute)
}
