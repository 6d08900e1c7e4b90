export { LiveWorkspace, type LiveChanges, type LiveWorkspaceOptions } from './live-workspace'
export { categoryOf, feedItemOf, sentAtOf, summarize } from './feed-summary'
