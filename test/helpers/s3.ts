// A real S3-compatible server (s3rver, from npm) on 127.0.0.1 for listings, behind a small front
// that answers the bucket-configuration calls s3rver does not implement (get-bucket-acl,
// get-bucket-policy, get-public-access-block) with recorded `aws s3api` responses.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** s3rver's fixed credentials. */
export const S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface BucketConfig {
  /** Grant READ to AllUsers (a public bucket). */
  publicRead?: boolean;
  policy?: object;
  publicAccessBlock?: { BlockPublicAcls: boolean; IgnorePublicAcls: boolean; BlockPublicPolicy: boolean; RestrictPublicBuckets: boolean };
}

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
const errorXml = (code: string, message: string, bucket: string) =>
  xml(
    `<Error><Code>${code}</Code><Message>${message}</Message><BucketName>${bucket}</BucketName><RequestId>4442587FB7D0A2F9</RequestId></Error>`,
  );

export interface TestS3 {
  endpoint: string;
  client: S3Client;
  close: () => Promise<void>;
}

export async function startS3(buckets: Record<string, BucketConfig>): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 'aw-s3-'));
  // s3rver signs continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider
  // (ERR_OSSL_EVP_UNSUPPORTED on paginated listings): run it as its own process with that provider.
  const bin = createRequire(import.meta.url).resolve('s3rver/bin/s3rver.js');
  const backend = spawn(process.execPath, ['--openssl-legacy-provider', bin, '-d', directory, '-a', '127.0.0.1', '-p', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const backendPort = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`s3rver did not start: ${out}`)), 120_000);
    backend.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on [^:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    backend.on('exit', (code) => reject(new Error(`s3rver exited (${code}): ${out}`)));
  });

  const front: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const bucket = url.pathname.split('/')[1] ?? '';
    const config = buckets[bucket];
    const query = [...url.searchParams.keys()];
    if (req.method === 'GET' && config && (query.includes('acl') || query.includes('policy') || query.includes('publicAccessBlock'))) {
      res.setHeader('x-amz-request-id', `req-${Date.now()}`);
      if (query.includes('acl')) {
        const grants = [
          '<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>mlflow-owner</ID><DisplayName>mlflow</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant>',
          ...(config.publicRead
            ? [
                '<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>',
              ]
            : []),
        ];
        res.writeHead(200, { 'content-type': 'application/xml' });
        return res.end(
          xml(
            `<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>mlflow-owner</ID><DisplayName>mlflow</DisplayName></Owner><AccessControlList>${grants.join('')}</AccessControlList></AccessControlPolicy>`,
          ),
        );
      }
      if (query.includes('policy')) {
        if (!config.policy) {
          res.writeHead(404, { 'content-type': 'application/xml' });
          return res.end(errorXml('NoSuchBucketPolicy', 'The bucket policy does not exist', bucket));
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(config.policy));
      }
      if (!config.publicAccessBlock) {
        res.writeHead(404, { 'content-type': 'application/xml' });
        return res.end(errorXml('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', bucket));
      }
      const b = config.publicAccessBlock;
      res.writeHead(200, { 'content-type': 'application/xml' });
      return res.end(
        xml(
          `<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><BlockPublicAcls>${b.BlockPublicAcls}</BlockPublicAcls><IgnorePublicAcls>${b.IgnorePublicAcls}</IgnorePublicAcls><BlockPublicPolicy>${b.BlockPublicPolicy}</BlockPublicPolicy><RestrictPublicBuckets>${b.RestrictPublicBuckets}</RestrictPublicBuckets></PublicAccessBlockConfiguration>`,
        ),
      );
    }
    const upstream = request({ host: '127.0.0.1', port: backendPort, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: S3_CREDENTIALS });
  for (const name of Object.keys(buckets)) await client.send(new CreateBucketCommand({ Bucket: name }));
  return {
    endpoint,
    client,
    close: async () => {
      client.destroy();
      front.closeAllConnections();
      await new Promise((r) => front.close(r));
      backend.kill('SIGTERM');
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Puts `count` small objects under `prefix`, a few at a time. */
export async function putObjects(client: S3Client, bucket: string, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 25) {
    await Promise.all(
      keys.slice(i, i + 25).map((Key) => client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: `artifact ${Key}\n` }))),
    );
  }
}
