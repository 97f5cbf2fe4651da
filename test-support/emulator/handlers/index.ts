import type { HandlerContext, HandlerResult } from '../server.js'
import { createWorkflowDispatch, getWorkflow, listWorkflowRuns } from './actions.js'
import { createBlob, createCommit, createTree, getCommit, updateRef } from './git-data.js'
import { getCollaboratorPermission, getPull } from './pulls.js'
import { getCombinedStatus, getWorkflowRun, listCheckRunsForRef } from './checks.js'
import {
  createRelease,
  generateReleaseNotes,
  getReleaseByTag,
  listReleases,
  updateRelease
} from './releases.js'
import {
  compareCommits,
  createRef,
  getContent,
  getRef,
  getRepository,
  getTag,
  listCommits,
  listTags
} from './repository.js'

export type Handler = (ctx: HandlerContext) => Promise<HandlerResult>

/** The endpoints the emulator implements, by GitHub's operationId. */
export const handlers: Record<string, Handler> = {
  'repos/get': getRepository,
  'repos/get-content': getContent,
  'git/get-ref': getRef,
  'git/get-tag': getTag,
  'git/create-ref': createRef,
  'git/get-commit': getCommit,
  'git/create-blob': createBlob,
  'git/create-tree': createTree,
  'git/create-commit': createCommit,
  'git/update-ref': updateRef,
  'pulls/get': getPull,
  'repos/get-collaborator-permission-level': getCollaboratorPermission,
  'repos/list-tags': listTags,
  'repos/compare-commits-with-basehead': compareCommits,
  'repos/list-commits': listCommits,
  'checks/list-for-ref': listCheckRunsForRef,
  'repos/get-combined-status-for-ref': getCombinedStatus,
  'actions/get-workflow-run': getWorkflowRun,
  'actions/get-workflow': getWorkflow,
  'actions/create-workflow-dispatch': createWorkflowDispatch,
  'actions/list-workflow-runs': listWorkflowRuns,
  'repos/get-release-by-tag': getReleaseByTag,
  'repos/list-releases': listReleases,
  'repos/create-release': createRelease,
  'repos/update-release': updateRelease,
  'repos/generate-release-notes': generateReleaseNotes
}
