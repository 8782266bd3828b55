// `new`: a workbook from an audit template, trusted on this machine since it was made here. The
// tracking server is taken from the environment (MLFLOW_TRACKING_URI, as MLflow's own client
// reads it) where the template asks for it and none was given.
import type { Clock } from '../../core/ports';
import { trust } from '../app-home';
import { createWorkbook, type NewWorkbook } from '../workbooks';

export async function createAudit(
  home: string,
  dir: string,
  input: Omit<NewWorkbook, 'paramsFromEnv'>,
  env: NodeJS.ProcessEnv,
  clock: Clock,
) {
  const fromEnv = env['MLFLOW_TRACKING_URI'];
  const created = await createWorkbook(
    dir,
    {
      ...input,
      ...(fromEnv && input.params?.['MLFLOW_TRACKING_URI'] === undefined ? { paramsFromEnv: { MLFLOW_TRACKING_URI: fromEnv } } : {}),
    },
    clock,
  );
  await trust(home, dir);
  return { ...created, trackingUriFromEnv: Boolean(fromEnv && input.params?.['MLFLOW_TRACKING_URI'] === undefined) };
}
