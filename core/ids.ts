// Branded identifiers: one constructor each, so an id of one kind can never be passed as another.
import * as z from 'zod';

declare const brand: unique symbol;
/** A string that the compiler keeps apart from other strings of another brand. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Identity of a workbook, stable across copies and versions. */
export type WorkbookId = Brand<string, 'WorkbookId'>;
/** Identity of a cell inside a workbook (kebab-case, unique within the workbook). */
export type CellId = Brand<string, 'CellId'>;
/** Identity of a gap, as printed in reports and issues (e.g. `ML-01`, `P5-02`). */
export type GapId = Brand<string, 'GapId'>;
/** sha256 of a stored evidence blob, 64 lowercase hex digits. */
export type CaptureHash = Brand<string, 'CaptureHash'>;

const workbookIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;
const cellIdPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const gapIdPattern = /^[A-Z][A-Z0-9]{0,9}-[0-9]{1,4}(\.[0-9]{1,3})?$/;
const hashPattern = /^[0-9a-f]{64}$/;

function checked<T>(pattern: RegExp, what: string, value: string): T {
  if (!pattern.test(value)) throw new Error(`invalid ${what}: ${JSON.stringify(value)}`);
  return value as T;
}

export const workbookId = (value: string): WorkbookId => checked(workbookIdPattern, 'workbook id', value);
export const cellId = (value: string): CellId => checked(cellIdPattern, 'cell id', value);
export const gapId = (value: string): GapId => checked(gapIdPattern, 'gap id', value);
export const captureHash = (value: string): CaptureHash => checked(hashPattern, 'sha256 hash', value);

export const isCaptureHash = (value: string): value is CaptureHash => hashPattern.test(value);

// Schemas for the same brands, used by the workbook schema.
export const WorkbookIdSchema = z
  .string()
  .regex(workbookIdPattern, 'a workbook id: letters, digits, ".", "_" or "-"')
  .transform((s) => s as WorkbookId);
export const CellIdSchema = z
  .string()
  .regex(cellIdPattern, 'a cell id: lowercase letters, digits, "_" or "-"')
  .transform((s) => s as CellId);
export const GapIdSchema = z
  .string()
  .regex(gapIdPattern, 'a gap id such as ML-01 or P5-02')
  .transform((s) => s as GapId);
export const CaptureHashSchema = z
  .string()
  .regex(hashPattern, 'a sha256 hash (64 lowercase hex digits)')
  .transform((s) => s as CaptureHash);

/** A GitHub repository as owner/name (the characters GitHub allows in either). */
export const REPOSITORY_PATTERN = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
