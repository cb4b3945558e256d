// Public surface of the alerts core; re-exports only.
export * from './alert.types.js';
export { computeAlerts, applyAlertState, alertExitCode, sortAlerts } from './compute-alerts.js';
export { severityForDaysLeft } from './key-rules.js';
export { checkOverrides } from './key-policy.js';
export type { ScheduleEntry, ScheduleKind, ScheduleOptions, Digest } from './schedule.js';
export { buildNotificationSchedule, digestFor, SCHEDULE_KINDS } from './schedule.js';
export type { CheckAttention, JUnitKey } from './report-formats.js';
export {
  attentionLine,
  formatText,
  formatTextByKey,
  checkExitCode,
  formatJson,
  formatSarif,
  formatJUnit,
  RULE_DESCRIPTIONS,
} from './report-formats.js';
export type { AttentionOptions, AttentionSummary, KeyAttention } from './key-state.js';
export { attentionByKey, attentionOf, countAttention, needsAction, statusTruth } from './key-state.js';
