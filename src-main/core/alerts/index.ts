// Public surface of the alerts core; re-exports only.
export * from './alert.types.js';
export { computeAlerts, applyAlertState, alertExitCode, sortAlerts } from './compute-alerts.js';
export { severityForDaysLeft } from './key-rules.js';
export { checkOverrides } from './key-policy.js';
export type { ScheduleEntry, ScheduleKind, ScheduleOptions, Digest } from './schedule.js';
export { buildNotificationSchedule, digestFor, SCHEDULE_KINDS } from './schedule.js';
export type { JUnitKey } from './report-formats.js';
export { formatText, formatJson, formatSarif, formatJUnit, RULE_DESCRIPTIONS } from './report-formats.js';
