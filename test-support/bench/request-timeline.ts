import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { IncomingMessage } from 'node:http'

/** One API request as the server saw it, on this process's `performance.now()` clock. */
export interface TimedRequest {
  method: string
  path: string
  /** When its headers arrived. */
  startedAt: number
  /** When the last byte of the answer was handed to the socket. */
  finishedAt: number
}

interface ServerMessage {
  request: IncomingMessage
}

/**
 * When each request reached a server on 127.0.0.1 and when its answer went out, read from Node's own HTTP server
 * channels: the emulator's request log says what was asked but not when, and a proxy in front of it would add a
 * hop to every request it times. Paths under /_emulator/ (the emulator's own controls) are left out.
 */
export class RequestTimeline {
  private readonly done: TimedRequest[] = []
  private readonly open = new Map<IncomingMessage, TimedRequest>()

  private readonly onStart = (message: unknown): void => {
    const { request } = message as ServerMessage
    const path = (request.url ?? '/').split('?', 1)[0]!
    if (request.socket.localPort !== this.port || path.startsWith('/_emulator/')) return
    this.open.set(request, {
      method: request.method ?? 'GET',
      path,
      startedAt: performance.now(),
      finishedAt: Number.NaN
    })
  }

  private readonly onFinish = (message: unknown): void => {
    const { request } = message as ServerMessage
    const timed = this.open.get(request)
    if (!timed) return
    this.open.delete(request)
    timed.finishedAt = performance.now()
    this.done.push(timed)
  }

  constructor(private readonly port: number) {
    subscribe('http.server.request.start', this.onStart)
    subscribe('http.server.response.finish', this.onFinish)
  }

  /** Where the log ends now, to read what follows with `since`. */
  mark(): number {
    return this.done.length
  }

  /** Requests answered after the mark, in the order they started. */
  since(mark: number): TimedRequest[] {
    return this.done.slice(mark).sort((a, b) => a.startedAt - b.startedAt)
  }

  close(): void {
    unsubscribe('http.server.request.start', this.onStart)
    unsubscribe('http.server.response.finish', this.onFinish)
  }
}

/**
 * Round trips in sequence: the largest number of requests no two of which overlapped in time, that is, a chain
 * in which each request arrived only after the one before had been answered. A client that has to wait for one
 * answer before it knows its next request makes such a chain; requests sent together overlap and count once. With
 * a latency L added to every request, the run cannot take less than this count × L.
 *
 * The greedy choice of the request that is answered first is optimal for this (interval scheduling).
 */
export function roundTripsInSequence(requests: readonly TimedRequest[]): number {
  let count = 0
  let freeAt = Number.NEGATIVE_INFINITY
  for (const request of [...requests].sort((a, b) => a.finishedAt - b.finishedAt)) {
    if (request.startedAt < freeAt) continue
    count++
    freeAt = request.finishedAt
  }
  return count
}
