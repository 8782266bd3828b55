// Where JSON text first goes wrong, and what was expected there. Node 20's JSON.parse often says
// only "Unexpected token" with no position; someone editing workbook.json by hand, or importing a
// capture, needs the line, the column and what JSON wanted. jsonc-parser (the parser behind VS
// Code's JSON support, in strict mode here: no comments, no trailing commas) names the error; it
// places errors inside a string or a number at the token's start, so those are placed here on the
// offending character.
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

export interface JsonSyntaxError {
  /** Absent when the text is nested too deeply to be walked. */
  offset?: number;
  /** What JSON expected or refused there: "a comma or ] expected". */
  problem: string;
}

/** By jsonc-parser's error name (its codes are a const enum, which this build cannot read). */
const PROBLEMS: Record<string, string> = {
  InvalidSymbol: 'not a JSON value',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name in double quotes expected',
  ValueExpected: 'a value expected',
  ColonExpected: 'a colon expected',
  CommaExpected: 'a comma expected',
  CloseBraceExpected: 'a comma or } expected',
  CloseBracketExpected: 'a comma or ] expected',
  EndOfFileExpected: 'nothing expected after the value',
  InvalidCommentToken: 'a comment, which JSON does not allow',
  UnexpectedEndOfComment: 'a comment, which JSON does not allow',
  UnexpectedEndOfString: 'a string not closed',
  UnexpectedEndOfNumber: 'a number cut short',
  InvalidUnicode: 'a \\u escape without four hex digits',
  InvalidEscapeCharacter: 'an escape JSON does not have',
  InvalidCharacter: 'a control character inside a string (write it escaped)',
};

/** Inside a string, what JSON refuses: a raw control character, an unknown escape, a short \\u. */
// eslint-disable-next-line no-control-regex
const IN_STRING = /(?<control>[\u0000-\u001f])|(?<escape>\\[^"\\/bfnrtu])|(?<unicode>\\u(?![0-9a-fA-F]{4}))/;
const IN_STRING_CODE = { control: 'InvalidCharacter', escape: 'InvalidEscapeCharacter', unicode: 'InvalidUnicode' } as const;

/** Where an error jsonc-parser places at the start of its token really is, and what it is: for a
 *  string, the first offending character (jsonc-parser names the last one it met). */
function placed(text: string, { error, offset, length }: ParseError): { offset: number; code: string } {
  const code = printParseErrorCode(error);
  switch (code) {
    case 'InvalidCharacter':
    case 'InvalidEscapeCharacter':
    case 'InvalidUnicode': {
      const m = IN_STRING.exec(text.slice(offset + 1, offset + Math.max(length, 1)));
      if (!m?.groups) return { offset, code };
      const kind = (Object.keys(IN_STRING_CODE) as (keyof typeof IN_STRING_CODE)[]).find((k) => m.groups![k] !== undefined)!;
      return { offset: offset + 1 + m.index, code: IN_STRING_CODE[kind] };
    }
    case 'UnexpectedEndOfNumber':
    case 'UnexpectedEndOfString':
      // Where the token stopped: the line break or the end of the text.
      return { offset: offset + Math.max(length, 1), code };
    default:
      return { offset, code };
  }
}

/** The first syntax error of `text` as strict JSON, or null when it is valid. */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  const errors: ParseError[] = [];
  try {
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    // The parser recurses per level: thousands of nested brackets exhaust the stack.
    return { problem: 'nested too deeply to locate the error' };
  }
  const first = errors[0];
  if (!first) return null;
  const { offset, code } = placed(text, first);
  return { offset, problem: PROBLEMS[code] ?? 'not valid JSON' };
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}
