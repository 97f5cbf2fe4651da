import { HttpError, type HandlerContext, type HandlerResult } from '../http.js'
import { pullJson } from '../payloads.js'

export async function getPull(ctx: HandlerContext): Promise<HandlerResult> {
  const pull = ctx.repo.pulls.find(candidate => candidate.number === Number(ctx.params.pull_number))
  if (!pull) throw new HttpError(404, 'Not Found')
  return { status: 200, body: pullJson(ctx, pull) }
}

export async function getCollaboratorPermission(ctx: HandlerContext): Promise<HandlerResult> {
  const username = ctx.params.username!
  const role = ctx.repo.roles.get(username) ?? 'none'
  const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role
  const example = ctx.host.api.example<{ user: Record<string, unknown> }>(
    'repository-collaborator-permission-response-if-user-has-admin-permissions'
  )
  return {
    status: 200,
    body: {
      permission,
      role_name: role,
      user: {
        ...example.user,
        login: username,
        permissions: {
          admin: role === 'admin',
          maintain: role === 'maintain' || role === 'admin',
          push: ['admin', 'maintain', 'write'].includes(role),
          triage: role !== 'read' && role !== 'none',
          pull: role !== 'none'
        },
        role_name: role
      }
    }
  }
}
