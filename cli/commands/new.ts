// `audit-workbench new`: create a workbook from an audit template.
import { createWorkbook } from '../../node/workbooks';
import { appHome, trust } from '../../node/app-home';
import { listTemplates } from '../../node/templates';
import { type Io, UsageError, type Values, oneDir, parseParams, str, strs } from '../args';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  const dir = oneDir(positionals, 'new');
  const templateName = str(values['template']);
  if (!templateName) {
    throw new UsageError(`new needs --template (bundled: ${(await listTemplates()).join(', ')})`);
  }
  const params = parseParams(strs(values['param']));
  // As MLflow's own client does: the tracking server named in the environment, unless given.
  const fromEnv = process.env['MLFLOW_TRACKING_URI'];
  const {
    workbook: wb,
    template,
    redactions,
  } = await createWorkbook(
    dir,
    {
      template: templateName,
      params,
      ...(fromEnv && params['MLFLOW_TRACKING_URI'] === undefined ? { paramsFromEnv: { MLFLOW_TRACKING_URI: fromEnv } } : {}),
      ...(str(values['title']) !== undefined ? { title: str(values['title'])! } : {}),
      ...(str(values['auditor']) !== undefined ? { auditor: str(values['auditor'])! } : {}),
      ...(str(values['scope']) !== undefined ? { scope: str(values['scope'])! } : {}),
    },
    io.clock,
  );
  await trust(appHome(process.env), dir); // made on this machine
  io.out(`Created ${dir}/workbook.json from template ${template.name} v${template.version} (${wb.pillars.length} pillars).`);
  io.out('Parameters (change them with --param NAME=VALUE when creating, or in the app; a list takes comma-separated items):');
  for (const p of wb.parameters) {
    const how =
      params[p.name] !== undefined ? 'given' : p.name === 'MLFLOW_TRACKING_URI' && fromEnv ? 'from $MLFLOW_TRACKING_URI' : 'default';
    if (p.secret) {
      const ref = 'env' in p.secret ? `environment variable ${p.secret.env}` : `keychain entry ${p.secret.keychain}`;
      io.out(`  ${p.name} ← ${ref} (secret, ${p.required ? 'required' : 'optional: unset, its cells go without it'})`);
    } else io.out(`  ${p.name} = ${p.values ? `[${p.values.join(', ')}]` : (p.value ?? '(unset)')} (${how})`);
  }
  for (const where of new Set(redactions.map((r) => r.where))) {
    io.err(
      `note: a secret given for ${where} was not stored ([REDACTED]); give it as a secret parameter, read from the environment or the keychain`,
    );
  }
  io.out(`Next: audit-workbench doctor ${dir}`);
}
