// s3 cells through the AWS SDK v3: list-objects-v2 (all pages, up to a cap), get-bucket-acl,
// get-bucket-policy, get-public-access-block, with an endpoint override for S3-compatible stores.
// Credentials: see s3Credentials.
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { Cell } from '../../core/workbook/schema';
import { isoNow, recordedCommand, resolveForRun, type RunContext, type RunnerResult } from './context';

type S3Cell = Extract<Cell, { kind: 's3' }>;

export const MAX_LIST_PAGES = 1000;

/** Absent configuration is evidence (no policy, no public-access block), not a failure. */
const ABSENT_CONFIG = new Set(['NoSuchBucketPolicy', 'NoSuchPublicAccessBlockConfiguration']);

/**
 * Credentials for an s3 cell: the workbook's secret parameters, else the keys in the environment,
 * else the AWS SDK's own chain (fromNodeProviderChain) as the AWS CLI resolves them — AWS_PROFILE and
 * the shared files, SSO, credential_process, web identity, then a container or instance role. The
 * last asks the instance metadata service (a link-local request, 1 s) when nothing else answers, as
 * the AWS CLI does; AWS_EC2_METADATA_DISABLED=true skips it.
 */
export function s3Credentials(ctx: RunContext): { credentials: NonNullable<S3ClientConfig['credentials']>; source: string } {
  const fromParams = [ctx.secrets.get('AWS_ACCESS_KEY_ID'), ctx.secrets.get('AWS_SECRET_ACCESS_KEY')];
  if (fromParams[0] && fromParams[1]) {
    return {
      credentials: { accessKeyId: fromParams[0], secretAccessKey: fromParams[1] },
      source: 'the secret parameters AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    };
  }
  const env = ctx.env;
  if (env['AWS_ACCESS_KEY_ID'] && env['AWS_SECRET_ACCESS_KEY']) {
    const credentials = {
      accessKeyId: env['AWS_ACCESS_KEY_ID'],
      secretAccessKey: env['AWS_SECRET_ACCESS_KEY'],
      ...(env['AWS_SESSION_TOKEN'] ? { sessionToken: env['AWS_SESSION_TOKEN'] } : {}),
    };
    return { credentials, source: 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment' };
  }
  const init = {
    ...(env['AWS_PROFILE'] ? { profile: env['AWS_PROFILE'] } : {}),
    ...(env['AWS_SHARED_CREDENTIALS_FILE'] ? { filepath: env['AWS_SHARED_CREDENTIALS_FILE'] } : {}),
    ...(env['AWS_CONFIG_FILE'] ? { configFilepath: env['AWS_CONFIG_FILE'] } : {}),
    timeout: 1000,
    maxRetries: 0,
  };
  // A provider, so that the SDK is loaded only when a cell asks S3 (the CLI starts without it).
  const credentials = async () => {
    const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
    try {
      return await fromNodeProviderChain(init)();
    } catch (error) {
      throw new NoCredentials((error as Error).message);
    }
  };
  return {
    credentials,
    source: `the AWS SDK's chain (${env['AWS_PROFILE'] ? `profile ${env['AWS_PROFILE']}` : 'default profile'}, SSO, web identity, instance role)`,
  };
}

/** The SDK's chain found nothing: said as the fix, not as the SDK's own words alone. */
class NoCredentials extends Error {
  override name = 'NoCredentials';
}

function describeS3Error(error: unknown, endpoint: string, timeoutMs: number): string {
  if (error instanceof NoCredentials) {
    return `no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (as secret parameters or in the environment), AWS_PROFILE, or log in with aws sso login (${error.message})`;
  }
  const e = error as { name?: string; Code?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const code = e.Code ?? e.name ?? e.code ?? '';
  if (code === 'TimeoutError' || code === 'AbortError') return `no answer from ${endpoint || 'S3'} within ${timeoutMs / 1000} s`;
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(e.message ?? '')) return `connection refused by ${endpoint}`;
  if (code === 'ENOTFOUND' || /ENOTFOUND|getaddrinfo/.test(e.message ?? ''))
    return `cannot resolve the S3 endpoint ${endpoint || '(AWS)'} (DNS)`;
  const status = e.$metadata?.httpStatusCode;
  return `S3 ${code || 'error'}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? String(error)}`;
}

export async function runS3(cell: S3Cell, ctx: RunContext): Promise<RunnerResult> {
  const startedAt = isoNow(ctx);
  const started = performance.now();
  const bucket = resolveForRun(cell.bucket, ctx);
  const prefix = cell.prefix ? resolveForRun(cell.prefix, ctx) : '';
  const endpoint = cell.endpoint ? resolveForRun(cell.endpoint, ctx) : '';
  const creds = s3Credentials(ctx).credentials;
  const { GetBucketAclCommand, GetBucketPolicyCommand, GetPublicAccessBlockCommand, ListObjectsV2Command, S3Client } =
    await import('@aws-sdk/client-s3');
  const client = new S3Client({
    region: ctx.env['AWS_REGION'] ?? ctx.env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    credentials: creds,
    maxAttempts: 2,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  });
  const options = () => ({
    abortSignal: AbortSignal.any([AbortSignal.timeout(ctx.limits.timeoutMs), ...(ctx.signal ? [ctx.signal] : [])]),
  });
  let output: unknown;
  try {
    switch (cell.operation) {
      case 'list-objects-v2': {
        const rows: Record<string, unknown>[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const page = await client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              ...(prefix ? { Prefix: prefix } : {}),
              ...(token ? { ContinuationToken: token } : {}),
            }),
            options(),
          );
          for (const o of page.Contents ?? []) {
            rows.push({
              Key: o.Key,
              Size: o.Size,
              LastModified: o.LastModified?.toISOString() ?? null,
              ETag: o.ETag,
              StorageClass: o.StorageClass ?? null,
              IsPrefix: false,
            });
          }
          for (const p of page.CommonPrefixes ?? [])
            rows.push({ Key: p.Prefix, Size: null, LastModified: null, ETag: null, StorageClass: null, IsPrefix: true });
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
          if (++pages >= MAX_LIST_PAGES && token)
            return { ok: false, error: `more than ${MAX_LIST_PAGES} pages of objects; list a narrower prefix` };
        } while (token);
        output = rows;
        break;
      }
      case 'get-bucket-acl': {
        const acl = await client.send(new GetBucketAclCommand({ Bucket: bucket }), options());
        output = { Owner: acl.Owner ?? null, Grants: acl.Grants ?? [] };
        break;
      }
      case 'get-bucket-policy': {
        try {
          const policy = await client.send(new GetBucketPolicyCommand({ Bucket: bucket }), options());
          output = policy.Policy ? JSON.parse(policy.Policy) : { configured: false };
        } catch (error) {
          if (!ABSENT_CONFIG.has((error as { name?: string }).name ?? '')) throw error;
          output = { configured: false, error_code: (error as { name: string }).name };
        }
        break;
      }
      case 'get-public-access-block': {
        try {
          const block = await client.send(new GetPublicAccessBlockCommand({ Bucket: bucket }), options());
          output = { configured: true, ...block.PublicAccessBlockConfiguration };
        } catch (error) {
          if (!ABSENT_CONFIG.has((error as { name?: string }).name ?? '')) throw error;
          output = { configured: false, error_code: (error as { name: string }).name };
        }
        break;
      }
    }
  } catch (error) {
    return { ok: false, error: describeS3Error(error, endpoint, ctx.limits.timeoutMs) };
  } finally {
    client.destroy();
  }
  return {
    ok: true,
    output: {
      command: recordedCommand(cell, ctx),
      output: `${JSON.stringify(output, null, 2)}\n`,
      startedAt,
      durationMs: Math.round(performance.now() - started),
      exitStatus: null,
      format: 'json',
      toolVersion: 'AWS SDK for JavaScript v3 (@aws-sdk/client-s3)',
      secrets: [
        ...ctx.secrets.values(),
        ...[ctx.env['AWS_SECRET_ACCESS_KEY'], ctx.env['AWS_SESSION_TOKEN']].filter((v): v is string => !!v),
      ],
    },
  };
}
