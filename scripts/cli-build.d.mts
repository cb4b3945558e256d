export const CLI_ENTRY: string;
export function isCliStale(): boolean;
export function buildCli(): void;
