// `audit-workbench new`: create a workbook from an audit template.
import { appHome } from '../../node/app-home';
import { createAudit } from '../../node/app/create';
import { listTemplates } from '../../node/templates';
import { type Io, UsageError, type Values, oneDir, parseParams, str, strs } from '../args';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  const dir = oneDir(positionals, 'new');
  const templateName = str(values['template']);
  if (!templateName) {
    throw new UsageError(`new needs --template (bundled: ${(await listTemplates()).join(', ')})`);
  }
  const params = parseParams(strs(values['param']));
  const {
    workbook: wb,
    template,
    redactions,
    trackingUriFromEnv,
  } = await createAudit(
    appHome(process.env),
    dir,
    {
      template: templateName,
      params,
      ...(str(values['title']) !== undefined ? { title: str(values['title'])! } : {}),
      ...(str(values['auditor']) !== undefined ? { auditor: str(values['auditor'])! } : {}),
      ...(str(values['scope']) !== undefined ? { scope: str(values['scope'])! } : {}),
    },
    process.env,
    io.clock,
  );
  io.out(`Created ${dir}/workbook.json from template ${template.name} v${template.version} (${wb.pillars.length} pillars).`);
  io.out('Parameters (change them with --param NAME=VALUE when creating, or in the app; a list takes comma-separated items):');
  for (const p of wb.parameters) {
    const how =
      params[p.name] !== undefined
        ? 'given'
        : p.name === 'MLFLOW_TRACKING_URI' && trackingUriFromEnv
          ? 'from $MLFLOW_TRACKING_URI'
          : 'default';
    if (p.secret) {
      const ref = 'env' in p.secret ? `environment variable ${p.secret.env}` : `keychain entry ${p.secret.keychain}`;
      // As MLflow's client reads MLFLOW_TRACKING_TOKEN: say whether this environment holds it now.
      const present = 'env' in p.secret && Boolean(process.env[p.secret.env]);
      const state = present
        ? 'set in this environment'
        : p.required
          ? 'required, not set here'
          : 'optional: unset, its cells go without it';
      io.out(`  ${p.name} ← ${ref} (secret, ${state})`);
    } else io.out(`  ${p.name} = ${p.values ? `[${p.values.join(', ')}]` : (p.value ?? '(unset)')} (${how})`);
  }
  for (const where of new Set(redactions.map((r) => r.where))) {
    io.err(
      `note: a secret given for ${where} was not stored ([REDACTED]); give it as a secret parameter, read from the environment or the keychain`,
    );
  }
  io.out(`Next: audit-workbench doctor ${dir}`);
}
