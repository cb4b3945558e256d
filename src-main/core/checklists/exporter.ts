// Builds the signed JSON and the Markdown of a run or template. Only the shared body
// is exported: what this vault alone knows about a run (its local link) stays behind.
import type { Sodium } from '../crypto/sodium.js';
import type { Run, RunBody, Template } from './checklist.types.js';
import { renderRunMarkdown, renderTemplateMarkdown } from './render-md.js';
import { formatFile, signFile, type SignedFile } from './signed-file.js';
import type { TeamIdentity } from './team-identity.js';

export type ExportedFiles = { kind: 'run' | 'template'; id: string; file: SignedFile; json: string; md: string };

export function runBodyOf(run: Run | RunBody): RunBody {
  const { id, title, templateId, key, dueDate, createdAt, createdBy, steps } = run;
  return { id, title, templateId, key, dueDate, createdAt, createdBy, steps };
}

export function exportRunFiles(
  sodium: Sodium,
  identity: TeamIdentity,
  run: Run | RunBody,
  check: (text: string) => void,
): ExportedFiles {
  const body = runBodyOf(run);
  const file = identity.withIdentity((me) => signFile(sodium, 'run', body, me));
  const json = formatFile(file);
  const md = renderRunMarkdown(body, file.signer.name);
  check(json + md);
  return { kind: 'run', id: body.id, file, json, md };
}

export function exportTemplateFiles(
  sodium: Sodium,
  identity: TeamIdentity,
  template: Template,
  check: (text: string) => void,
): ExportedFiles {
  const file = identity.withIdentity((me) => signFile(sodium, 'template', template, me));
  const json = formatFile(file);
  const md = renderTemplateMarkdown(template, file.signer.name);
  check(json + md);
  return { kind: 'template', id: template.id, file, json, md };
}
