// What the bundle gives every `import … from 'undici'` instead of undici (tsconfig.json `paths`, which ncc follows).
// @actions/core imports @actions/http-client, which imports undici's ProxyAgent when it loads: 900 KB that every run
// compiled and evaluated before its first request (about 20 ms, and 6 MB), though only the pull request comment
// behind a proxy uses it. Here undici is a chunk of its own, loaded by loadUndici before @actions/github is.
// Tests and type checks outside the bundle see the real undici.
type Undici = Pick<typeof import('undici/index.js'), 'ProxyAgent' | 'fetch'>

let loaded: Undici | undefined

/** Loads undici itself, for ProxyAgent and fetch below; comment.ts awaits it before it imports @actions/github. */
export async function loadUndici(): Promise<void> {
  // `undici/index.js`, not `undici`: the bare name is mapped to this module.
  const { ProxyAgent, fetch } = await import('undici/index.js')
  loaded ??= { ProxyAgent, fetch }
}

function undici(): Undici {
  // A bug, not a user's mistake: something reached undici without the comment's loadUndici.
  if (!loaded) throw new Error('undici was used before loadUndici() loaded it')
  return loaded
}

// What `new ProxyAgent()` gives is undici's own: its type says so (the class and this interface merge).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface ProxyAgent extends InstanceType<Undici['ProxyAgent']> {}

/** undici's ProxyAgent (what the comment and @actions/http-client build for a proxy), once loadUndici has run. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ProxyAgent {
  constructor(...args: ConstructorParameters<Undici['ProxyAgent']>) {
    // A constructor that returns an object makes `new` give that object: the caller gets undici's own ProxyAgent.
    return new (undici().ProxyAgent)(...args)
  }
}

/** undici's fetch (what the comment and @actions/github send through a proxy), once loadUndici has run. */
export function fetch(...args: Parameters<Undici['fetch']>): ReturnType<Undici['fetch']> {
  return undici().fetch(...args)
}
