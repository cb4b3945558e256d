// A test-only crash point: with NODE_ENV=test and KEYWARD_TEST_CRASH=<name>, the process kills
// itself (SIGKILL) at the named moment, so a test can stop a write exactly where a random kill
// rarely lands. Anywhere else it does nothing.
export type CrashPoint = 'rotate-next-written' | 'rotate-committed';

export function crashPoint(name: CrashPoint, env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV === 'test' && env.KEYWARD_TEST_CRASH === name) process.kill(process.pid, 'SIGKILL');
}
