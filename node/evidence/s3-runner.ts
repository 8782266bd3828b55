// s3 cells through the AWS SDK v3: list-objects-v2 (all pages, up to a cap), get-bucket-acl,
// get-bucket-policy, get-public-access-block, with an endpoint override for S3-compatible stores.
// Credentials come from secret parameters, the environment or the shared credentials file — never
// from the instance metadata service, which the SDK's default chain would try to reach.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { Cell } from '../../core/workbook/schema';
import { isoNow, recordedCommand, resolveForRun, type RunContext, type RunnerResult } from './context';

type S3Cell = Extract<Cell, { kind: 's3' }>;

export const MAX_LIST_PAGES = 1000;

/** Absent configuration is evidence (no policy, no public-access block), not a failure. */
const ABSENT_CONFIG = new Set(['NoSuchBucketPolicy', 'NoSuchPublicAccessBlockConfiguration']);

export function s3Credentials(ctx: RunContext): S3ClientConfig['credentials'] | undefined {
  const fromParams = [ctx.secrets.get('AWS_ACCESS_KEY_ID'), ctx.secrets.get('AWS_SECRET_ACCESS_KEY')];
  if (fromParams[0] && fromParams[1]) return { accessKeyId: fromParams[0], secretAccessKey: fromParams[1] };
  const env = ctx.env;
  if (env['AWS_ACCESS_KEY_ID'] && env['AWS_SECRET_ACCESS_KEY']) {
    return {
      accessKeyId: env['AWS_ACCESS_KEY_ID'],
      secretAccessKey: env['AWS_SECRET_ACCESS_KEY'],
      ...(env['AWS_SESSION_TOKEN'] ? { sessionToken: env['AWS_SESSION_TOKEN'] } : {}),
    };
  }
  const file = env['AWS_SHARED_CREDENTIALS_FILE'] ?? join(homedir(), '.aws', 'credentials');
  // A provider, so that the SDK is loaded only when a cell asks S3 (the CLI starts without it).
  const profile = env['AWS_PROFILE'] ?? 'default';
  if (existsSync(file)) return async () => (await import('@aws-sdk/credential-providers')).fromIni({ profile, filepath: file })();
  return undefined;
}

function describeS3Error(error: unknown, endpoint: string, timeoutMs: number): string {
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
  const creds = s3Credentials(ctx);
  if (!creds) {
    return {
      ok: false,
      error:
        'no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (as secret parameters or in the environment), or a shared credentials file',
    };
  }
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
