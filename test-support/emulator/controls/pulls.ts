import { HttpError, type HandlerResult, type Site } from '../http.js'
import {
  addLabels,
  editPull,
  findPull,
  mergePull,
  openPull,
  pullEvent,
  removeLabel,
  syncPull,
  type PullAction
} from '../pull-requests.js'
import type { PullRecord, RepoState } from '../repo-state.js'
import type { ControlBody } from './input.js'

const EVENT_ACTIONS: readonly PullAction[] = [
  'opened',
  'closed',
  'labeled',
  'unlabeled',
  'reopened',
  'synchronize',
  'edited'
]

const view = (repo: RepoState, pull: PullRecord) => ({
  ...pull,
  body: repo.pullBodies.get(pull.number) ?? null
})

/**
 * Pull request controls, under /_emulator/repos/{owner}/{repo}/pulls: `rest` is what follows, e.g. ['3', 'merge'].
 */
export async function pullControl(
  site: Site,
  method: string,
  rest: string[],
  body: ControlBody,
  query: URLSearchParams
): Promise<HandlerResult> {
  const { repo } = site
  const [number, what, label] = rest
  if (number === undefined) {
    if (method === 'GET') return { status: 200, body: repo.pulls.map(pull => view(repo, pull)) }
    if (method !== 'POST') throw new HttpError(405, `${method} …/pulls: use GET to list or POST to open one`)
    body.only('head', 'base', 'title', 'body', 'labels', 'user', 'headRepo')
    const pull = await openPull(repo, {
      head: body.string('head'),
      base: body.optionalString('base'),
      title: body.string('title'),
      body: body.optionalString('body'),
      labels: body.strings('labels'),
      user: body.optionalString('user'),
      headRepo: body.optionalString('headRepo')
    })
    return { status: 201, body: view(repo, pull) }
  }
  if (!/^[1-9]\d*$/.test(number)) throw new HttpError(404, `'${number}' is not a pull request number`)
  const pull = findPull(repo, Number(number))
  const route = `${method} ${what ?? ''}${label === undefined ? '' : '/{label}'}`
  switch (route) {
    case 'GET ':
      return { status: 200, body: view(repo, pull) }
    case 'PATCH ': {
      body.only('title', 'body')
      const edit = {
        title: body.optionalString('title'),
        body: body.raw.body === null ? null : body.optionalString('body')
      }
      return { status: 200, body: view(repo, editPull(repo, pull, edit)) }
    }
    case 'POST labels': {
      body.only('labels', 'by')
      const labels = body.strings('labels')
      if (!labels || labels.length === 0) throw body.wrong("'labels' is required: a list of label names")
      return { status: 200, body: view(repo, addLabels(repo, pull, labels, body.optionalString('by'))) }
    }
    case 'DELETE labels/{label}':
      return { status: 200, body: view(repo, removeLabel(pull, decodeURIComponent(label!))) }
    case 'POST merge': {
      body.only('by', 'method', 'message')
      const merged = await mergePull(repo, pull, {
        by: body.string('by'),
        method: body.optionalOneOf('method', ['merge', 'squash'] as const),
        message: body.optionalString('message')
      })
      return { status: 200, body: { merged: true, sha: merged.mergeCommitSha, pull: view(repo, merged) } }
    }
    case 'GET event': {
      const action = query.get('action') ?? (pull.merged ? 'closed' : 'opened')
      if (!EVENT_ACTIONS.includes(action as PullAction))
        throw new HttpError(422, `action must be one of ${EVENT_ACTIONS.join(', ')} (got '${action}')`)
      await syncPull(repo, pull)
      const event = pullEvent(site, pull, action as PullAction, {
        label: query.get('label') ?? undefined,
        sender: query.get('sender') ?? undefined
      })
      if ((action === 'labeled' || action === 'unlabeled') && event.label === undefined)
        throw new HttpError(422, `No label has been added to #${pull.number} yet: name it with ?label=`)
      return { status: 200, body: event }
    }
    default:
      throw new HttpError(
        404,
        `No pull request control at ${method} …/pulls/${rest.join('/')}: GET or PATCH …/pulls/{n}, POST …/pulls/{n}/labels, ` +
          'DELETE …/pulls/{n}/labels/{label}, POST …/pulls/{n}/merge, GET …/pulls/{n}/event'
      )
  }
}
