// The template example in the README is a valid template, so a user who copies it starts right.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../node/templates';
import { tempDir } from '../helpers/workbooks';

describe('README template example', () => {
  it('loads', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## The template format'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    const tmp = await tempDir('aw-readme-');
    try {
      const file = join(tmp.dir, 'template.yaml');
      writeFileSync(file, yaml!);
      const t = await loadTemplate(file);
      expect(t.name).toBe('my-audit');
      expect(t.parameters.filter((p) => p.list).map((p) => p.name)).toEqual(['CODE_PATHS', 'LINEAGE_TAGS']);
      expect(t.pillars[0]!.cells.flatMap((c) => ('inputs' in c ? (c.inputs ?? []).map((i) => i.name) : []))).toEqual(['EXPERIMENT_IDS']);
    } finally {
      await tmp.cleanup();
    }
  });
});
