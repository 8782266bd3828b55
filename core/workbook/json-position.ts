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

/** The offending character of an error jsonc-parser places at the start of its token. */
function withinToken(text: string, { error, offset, length }: ParseError): number {
  const code = printParseErrorCode(error);
  const token = text.slice(offset, offset + Math.max(length, 1) + 1);
  const find = (pattern: RegExp) => {
    const m = pattern.exec(token.slice(1));
    return m ? offset + 1 + m.index : offset;
  };
  switch (code) {
    case 'InvalidCharacter':
      // eslint-disable-next-line no-control-regex
      return find(/[\u0000-\u001f]/);
    case 'InvalidEscapeCharacter':
      return find(/\\[^"\\/bfnrtu]/);
    case 'InvalidUnicode':
      return find(/\\u(?![0-9a-fA-F]{4})/);
    case 'UnexpectedEndOfNumber':
    case 'UnexpectedEndOfString':
      // Where the token stopped: the line break or the end of the text.
      return offset + Math.max(length, 1);
    default:
      return offset;
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
  return { offset: withinToken(text, first), problem: PROBLEMS[printParseErrorCode(first.error)] ?? 'not valid JSON' };
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}
