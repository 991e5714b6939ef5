import { readFile, stat } from 'node:fs/promises'
import { checkoutPathProblem } from './checkout.js'
import { ConfigurationError } from './errors.js'

/** How large a file of one kind may be, and what to do about one that is larger. */
export interface FileLimit {
  maxBytes: number
  /** The kind, as the message names it: "a policy file". */
  kind: string
  advice: string
}

/**
 * Reads a file the user named (the policy file, a VEX document), refusing one over the limit before reading it, and
 * one in the checkout (`root`) that a link takes elsewhere: its text can end up quoted in an error, and so in the
 * summary and a pull request comment. Every failure is a ConfigurationError that starts with `subject` and says why.
 */
export async function readUserFile(path: string, subject: string, limit: FileLimit, root: string): Promise<string> {
  try {
    const problem = await checkoutPathProblem(path, root)
    if (problem) {
      throw new ConfigurationError(`${subject} is not read: ${problem} (looked at ${path}). Commit the file itself.`)
    }
    const { size } = await stat(path)
    if (size > limit.maxBytes) {
      throw new ConfigurationError(
        `${subject} is ${(size / (1 << 20)).toFixed(1)} MB; ${limit.kind} is at most ${limit.maxBytes >> 20} MB. ${limit.advice}`
      )
    }
    return await readFile(path, 'utf8')
  } catch (error) {
    if (error instanceof ConfigurationError) throw error
    throw new ConfigurationError(`${subject} cannot be read: ${unreadableBecause(error)} (looked at ${path}).`)
  }
}

function unreadableBecause(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'it does not exist'
  if (code === 'EISDIR') return 'it is a directory'
  if (code === 'EACCES') return 'permission denied'
  return (error as Error).message
}
