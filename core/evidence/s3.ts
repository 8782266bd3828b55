// S3 bucket configuration, as `aws s3api` prints it (and as the s3 runner records it), normalised
// into tables whose columns do not depend on the data: bucket_grants and bucket_policy_statements.
import { ColumnarTable } from './columns';
import type { EvidenceTable } from './table';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown) => (v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v));

export function normaliseS3(value: unknown): EvidenceTable[] | null {
  if (!isObject(value)) return null;
  if (Array.isArray(value['Grants'])) {
    const grants = new ColumnarTable('bucket_grants', ['grantee_type', 'grantee_id', 'grantee_uri', 'grantee_name', 'permission']);
    for (const g of (value['Grants'] as unknown[]).filter(isObject)) {
      const who = isObject(g['Grantee']) ? g['Grantee'] : {};
      grants.push(who['Type'], who['ID'], who['URI'], who['DisplayName'], g['Permission']);
    }
    return [grants.toEvidenceTable()];
  }
  // `aws s3api get-bucket-policy` wraps the document in a string; the runner records it parsed.
  let policy: unknown = value;
  if (typeof value['Policy'] === 'string') {
    try {
      policy = JSON.parse(value['Policy']);
    } catch {
      return null;
    }
  }
  if (isObject(policy) && Array.isArray(policy['Statement'])) {
    const statements = new ColumnarTable('bucket_policy_statements', ['sid', 'effect', 'principal', 'action', 'resource', 'condition']);
    for (const s of (policy['Statement'] as unknown[]).filter(isObject)) {
      statements.push(s['Sid'], s['Effect'], text(s['Principal']), text(s['Action']), text(s['Resource']), text(s['Condition']));
    }
    return [statements.toEvidenceTable()];
  }
  return null;
}
