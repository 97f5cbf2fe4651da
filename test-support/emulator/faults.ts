/** The request a fault is matched against. */
export interface FaultRequest {
  method: string
  path: string
  query: string
  operationId: string | null
  body: unknown
  /** The body as sent. */
  rawBody: string
}

/**
 * Something other than the real answer, for the next `times` requests that match every condition given. Models
 * what GitHub really does: errors, slowness, someone else acting meanwhile, and answers lost after the write.
 */
export interface Fault {
  operationId?: string
  method?: string
  pathIncludes?: string
  /** The request body as sent (JSON text) contains this. */
  bodyIncludes?: string
  /** The query string, decoded, contains this (`path=packages/api` for one package's commit listing). */
  queryIncludes?: string
  /** In-process tests: any other condition on the request. */
  matches?: (request: FaultRequest) => boolean
  /** The answer instead of the real one; 0 or absent answers for real (with delayMs, before or drop). */
  status?: number
  body?: unknown
  headers?: Record<string, string>
  /** How many matching requests get the fault (default 1). */
  times?: number
  /** Wait this long before answering (or before the real answer when status is 0). */
  delayMs?: number
  /** In-process tests: change the world just as this request arrives (e.g. someone else pushes a tag). */
  before?: () => void | Promise<void>
  /**
   * Run the real handler first, so its write happens, then answer with `status`/`body` (or drop): the 502 GitHub
   * sometimes gives for a release it did create.
   */
  after?: boolean
  /** Close the connection without answering: instead of the handler, or after it when `after` is set. */
  drop?: boolean
  /** How many requests met this fault so far (kept by the emulator). */
  taken?: number
}

/** Faults waiting for their requests, and the ones requests met. */
export class FaultBook {
  readonly pending: Fault[] = []
  /** Every fault a request met, once each, in the order first met. */
  readonly taken: Fault[] = []

  /** Queues a copy of the fault and returns it: its `taken` counts the requests that met it. */
  add(fault: Fault): Fault {
    const live: Fault = { times: 1, ...fault, taken: 0 }
    this.pending.push(live)
    return live
  }

  clear(): void {
    this.pending.length = 0
  }

  /** The first pending fault this request meets, counted and, once used up, removed. */
  take(request: FaultRequest): Fault | null {
    const index = this.pending.findIndex(fault => meets(fault, request))
    if (index < 0) return null
    const fault = this.pending[index]!
    fault.times = (fault.times ?? 1) - 1
    if (fault.times <= 0) this.pending.splice(index, 1)
    fault.taken = (fault.taken ?? 0) + 1
    if (fault.taken === 1) this.taken.push(fault)
    return fault
  }
}

function meets(fault: Fault, request: FaultRequest): boolean {
  return (
    (fault.method === undefined || fault.method.toUpperCase() === request.method) &&
    (fault.operationId === undefined || fault.operationId === request.operationId) &&
    (fault.pathIncludes === undefined || request.path.includes(fault.pathIncludes)) &&
    (fault.bodyIncludes === undefined || request.rawBody.includes(fault.bodyIncludes)) &&
    (fault.queryIncludes === undefined || decodedQuery(request.query).includes(fault.queryIncludes)) &&
    (fault.matches === undefined || fault.matches(request))
  )
}

function decodedQuery(query: string): string {
  try {
    return decodeURIComponent(query.replace(/\+/g, ' '))
  } catch {
    return query
  }
}
