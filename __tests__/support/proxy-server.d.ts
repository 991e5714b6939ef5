// Types for proxy-server.js.
export interface ProxyServer {
  /** http://127.0.0.1:<port>: set HTTPS_PROXY / HTTP_PROXY to it. */
  url: string
  /** Each request as the proxy saw it: "CONNECT host:port" or "POST http://host:port/path". */
  asked: string[]
  close(): Promise<void>
}

export interface ProxyServerOptions {
  /** Answer every request (CONNECT included) with this HTTP status instead of forwarding it. */
  refuse?: number
  /** Accept every connection and never answer. */
  hang?: boolean
}

export function startProxyServer(options?: ProxyServerOptions): Promise<ProxyServer>
