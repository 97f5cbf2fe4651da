import type { Handler } from '../http.js'
import { createWorkflowDispatch, getWorkflow, listWorkflowRuns } from './actions.js'
import { createBlob, createCommit, createTree, getBlob, getCommit, getTree } from './git-data.js'
import { getCollaboratorPermission, getPull, listPullFiles } from './pulls.js'
import {
  addLabels,
  createComment,
  deleteComment,
  getComment,
  getIssue,
  listComments,
  listIssues,
  listPullsForCommit,
  updateComment
} from './issues.js'
import { getCombinedStatus, getWorkflowRun, listCheckRunsForRef } from './checks.js'
import { createRef, deleteRef, getRef, getTag, updateRef } from './refs.js'
import {
  createRelease,
  deleteRelease,
  generateReleaseNotes,
  getLatestRelease,
  getRelease,
  getReleaseByTag,
  listReleases,
  updateRelease
} from './releases.js'
import {
  compareCommits,
  getCommitWithFiles,
  getContent,
  getRepository,
  listCommits,
  listTags
} from './repository.js'

/** The endpoints the emulator implements, by GitHub's operationId. */
export const handlers: Record<string, Handler> = {
  'repos/get': getRepository,
  'repos/get-content': getContent,
  'git/get-ref': getRef,
  'git/get-tag': getTag,
  'git/create-ref': createRef,
  'git/get-commit': getCommit,
  'git/get-tree': getTree,
  'git/get-blob': getBlob,
  'repos/get-commit': getCommitWithFiles,
  'git/create-blob': createBlob,
  'git/create-tree': createTree,
  'git/create-commit': createCommit,
  'git/update-ref': updateRef,
  'git/delete-ref': deleteRef,
  'pulls/get': getPull,
  'pulls/list-files': listPullFiles,
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
  'repos/get-release': getRelease,
  'repos/get-release-by-tag': getReleaseByTag,
  'repos/get-latest-release': getLatestRelease,
  'repos/list-releases': listReleases,
  'repos/create-release': createRelease,
  'repos/update-release': updateRelease,
  'repos/delete-release': deleteRelease,
  'repos/generate-release-notes': generateReleaseNotes,
  'issues/list-for-repo': listIssues,
  'issues/get': getIssue,
  'issues/list-comments': listComments,
  'issues/create-comment': createComment,
  'issues/get-comment': getComment,
  'issues/update-comment': updateComment,
  'issues/delete-comment': deleteComment,
  'issues/add-labels': addLabels,
  'repos/list-pull-requests-associated-with-commit': listPullsForCommit
}
