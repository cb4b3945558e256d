// Markdown renderings of runs and templates, written beside the signed JSON for people
// to read. Built from the same body as the JSON, so it can hold nothing more.
import type { RunBody, Step, StepVersion, Template } from './checklist.types.js';

const BOX: Record<StepVersion['state'], string> = { todo: '[ ]', doing: '[~]', done: '[x]', skipped: '[-]' };

// Markdown-significant characters in user text are escaped so a title cannot forge structure.
const md = (s: string) => s.replace(/([\\`*_[\]<>#|])/g, '\\$1').replace(/\r?\n/g, ' ');

function who(v: StepVersion): string {
  return v.by ? ` (${md(v.by.name)}, ${v.at.slice(0, 16).replace('T', ' ')} UTC)` : '';
}

function stepLines(s: Step): string[] {
  const lines = [`- ${BOX[s.state]} **${md(s.title)}** \`${s.id}\` ${s.state}${who(s)}`];
  if (s.detail) lines.push(`  - ${md(s.detail)}`);
  if (s.state === 'skipped') lines.push(`  - reason: ${md(s.reason ?? '')}`);
  if (s.note) lines.push(`  - note: ${md(s.note)}`);
  for (const c of s.conflicts)
    lines.push(`  - conflict: also marked ${c.state}${who(c)}${c.note ? `: ${md(c.note)}` : ''}`);
  return lines;
}

export function renderRunMarkdown(run: RunBody, signer: string): string {
  const done = run.steps.filter((s) => s.state === 'done' || s.state === 'skipped').length;
  return [
    `# ${md(run.title)}`,
    '',
    `- Key: ${md(run.key.name)} (${run.key.platform}, ${md(run.key.account || 'no account recorded')})`,
    `- Due: ${run.dueDate ?? 'no due date'}`,
    `- Progress: ${done} of ${run.steps.length} steps closed`,
    `- Started by ${md(run.createdBy.name)} (${run.createdBy.fingerprint}) at ${run.createdAt}`,
    `- Run id: \`${run.id}\``,
    '',
    '## Steps',
    '',
    ...run.steps.flatMap(stepLines),
    '',
    `Signed by ${md(signer)}. The JSON file beside this one is the signed original; this page is for reading.`,
    '',
  ].join('\n');
}

export function renderTemplateMarkdown(t: Template, signer: string): string {
  return [
    `# Checklist template: ${md(t.name)}`,
    '',
    `- Id: \`${t.id}\`, platform: ${t.platform ?? 'any'}`,
    '',
    ...t.steps.map(
      (s, i) =>
        `${i + 1}. **${md(s.title)}**${s.kind === 'deployments' ? ' (one step per deployment)' : ''}${s.detail ? `: ${md(s.detail)}` : ''}`,
    ),
    '',
    `Signed by ${md(signer)}. The JSON file beside this one is the signed original.`,
    '',
  ].join('\n');
}
