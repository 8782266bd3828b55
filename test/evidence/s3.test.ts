// s3 cells through the AWS SDK v3 against a real S3-compatible server on 127.0.0.1.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCells } from '../../node/evidence/engine';
import { putObjects, S3_CREDENTIALS, startS3, type TestS3 } from '../helpers/s3';
import { allText, evidenceWorkbook } from '../helpers/workbooks';

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3({
    'mlflow-artifacts': {
      publicRead: true,
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::mlflow-artifacts/*' },
        ],
      },
    },
    'private-artifacts': {
      publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    },
  });
  // More than one page (s3rver returns 1,000 keys a page), plus a prefix level.
  await putObjects(s3.client, 'mlflow-artifacts', [
    ...Array.from({ length: 1010 }, (_, i) => `1/run${i}/artifacts/model.pkl`),
    'models/ftf/model.pkl',
  ]);
}, 120_000);
afterAll(() => s3?.close());

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
const env = () => ({
  ...process.env,
  AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
});

async function workbook(cells: Record<string, unknown>[], endpoint = s3.endpoint) {
  const wb = await evidenceWorkbook(
    [
      { name: 'ARTIFACT_BUCKET', value: 'mlflow-artifacts' },
      { name: 'S3_ENDPOINT_URL', value: endpoint },
    ],
    cells.map((c) => ({ endpoint: '${S3_ENDPOINT_URL}', bucket: '${ARTIFACT_BUCKET}', ...c }) as never),
  );
  cleanups.push(wb.cleanup);
  return wb.dir;
}

describe('s3 runner', () => {
  it('lists every object across continuation tokens, and reads ACL, policy and public-access block', async () => {
    const dir = await workbook([
      { id: 'listing', kind: 's3', title: 'Artifact listing', operation: 'list-objects-v2' },
      { id: 'acl', kind: 's3', title: 'Bucket ACL', operation: 'get-bucket-acl' },
      { id: 'policy', kind: 's3', title: 'Bucket policy', operation: 'get-bucket-policy' },
      { id: 'block', kind: 's3', title: 'Public access block', operation: 'get-public-access-block' },
      { id: 'private-block', kind: 's3', title: 'Private bucket block', operation: 'get-public-access-block', bucket: 'private-artifacts' },
    ]);
    const outcomes = await runCells(dir, {}, { env: env() });
    const [listing, acl, policy, block, privateBlock] = outcomes.map((o) => {
      if (o.status !== 'captured') throw new Error(JSON.stringify(o));
      return o.recorded;
    });
    expect(listing!.tables[0]!.rows).toHaveLength(1011);
    expect(listing!.capture.command).toBe(`aws s3api list-objects-v2 --bucket mlflow-artifacts --endpoint-url ${s3.endpoint}`);
    const grants = acl!.tables.find((t) => t.name === 'bucket_grants')!;
    expect(grants.rows).toEqual([
      ['CanonicalUser', 'mlflow-owner', null, 'mlflow', 'FULL_CONTROL'],
      ['Group', null, 'http://acs.amazonaws.com/groups/global/AllUsers', null, 'READ'],
    ]);
    expect(policy!.tables.find((t) => t.name === 'bucket_policy_statements')!.rows).toEqual([
      ['PublicRead', 'Allow', '*', 's3:GetObject', 'arn:aws:s3:::mlflow-artifacts/*', null],
    ]);
    const principal = policy!.tables[0]!.columns.findIndex((c) => c.name === 'Principal');
    expect(policy!.tables[0]!.rows.map((r) => r[principal])).toEqual(['*']);
    expect(block!.tables[0]!.rows).toEqual([[false, 'NoSuchPublicAccessBlockConfiguration']]);
    expect(privateBlock!.tables[0]!.columns.map((c) => c.name)).toEqual([
      'configured',
      'BlockPublicAcls',
      'IgnorePublicAcls',
      'BlockPublicPolicy',
      'RestrictPublicBuckets',
    ]);
    expect(privateBlock!.tables[0]!.rows).toEqual([[true, true, true, true, true]]);
    expect(acl!.dropped).toEqual([]);
    expect(await allText(dir)).not.toContain(`"${S3_CREDENTIALS.secretAccessKey}"`);
  }, 60_000);

  it('reproduces a listing, and reports missing buckets, refused endpoints and missing credentials', async () => {
    const dir = await workbook([
      { id: 'listing', kind: 's3', title: 'Artifact listing', operation: 'list-objects-v2', prefix: 'models/' },
      { id: 'missing', kind: 's3', title: 'Missing bucket', operation: 'list-objects-v2', bucket: 'no-such-bucket' },
    ]);
    const first = await runCells(dir, {}, { env: env() });
    expect(first.map((o) => (o.status === 'error' ? o.error : o.status))).toEqual([
      'captured',
      expect.stringMatching(/^S3 NoSuchBucket \(HTTP 404\): /),
    ]);
    const again = (await runCells(dir, { cell: 'listing' }, { env: env() }))[0]!;
    expect(again.status === 'captured' && again.recorded.comparison.status).toBe('reproduced');
    // Nothing anywhere, and the instance metadata service switched off as a laptop would have it:
    // the SDK's chain finds nothing and the error says what to set. (The test contacts no network.)
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
    process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
    const nowhere = {
      HOME: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_CONFIG_FILE: '/nonexistent/config',
    };
    const noCreds = (await runCells(dir, { cell: 'listing' }, { env: nowhere }))[0]!;
    expect(noCreds.status === 'error' && noCreds.error).toMatch(
      /^no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY .*AWS_PROFILE/,
    );
    const down = await workbook([{ id: 'listing', kind: 's3', title: 'Listing', operation: 'list-objects-v2' }], 'http://127.0.0.1:1');
    const refused = (await runCells(down, {}, { env: env() }))[0]!;
    expect(refused.status === 'error' && refused.error).toMatch(/^connection refused by http:\/\/127\.0\.0\.1:1$/);
  }, 60_000);
});
